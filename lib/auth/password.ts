import bcrypt from 'bcryptjs';

// bcrypt cost 11: ~150 ms per check in pure JS here, slow enough for brute force, fast enough for a person.
const COST = 11;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

/** bcrypt reads only the first 72 bytes of a password; longer ones are refused rather than silently cut. */
export const passwordRule = { min: 8, maxBytes: 72 } as const;

// The most used passwords of public breach lists that are 8+ characters long.
const COMMON = new Set(
  [
    '12345678', '123456789', '1234567890', '0123456789', '87654321', '11111111', '00000000', '12341234', '11223344',
    'password', 'password1', 'password12', 'password123', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'qwertyuiop', 'qwerty123',
    'qwerty12', '1q2w3e4r', '1qaz2wsx', 'zaq12wsx', 'abcd1234', 'abc12345', 'abcdefgh', 'iloveyou', 'sunshine',
    'princess', 'football', 'baseball', 'welcome1', 'welcome123', 'letmein1', 'trustno1', 'superman', 'starwars',
    'whatever', 'asdfghjkl', 'asdfasdf', 'changeme', 'computer', 'internet', 'michelle', 'jennifer', 'aaaaaaaa',
    'qazwsxedc', 'q1w2e3r4', 'q1w2e3r4t5', 'admin123', 'administrator', 'monkey123', 'dragon123', 'master123',
  ].map((p) => p.toLowerCase()),
);

/**
 * Why a password is refused, or undefined when it is acceptable. `chosen` (sign-up and
 * other forms where a person picks one) adds the common-password rule; accounts made by
 * an organizer's command keep the length, byte and blank rules.
 */
export function passwordProblem(password: string, { chosen = true }: { chosen?: boolean } = {}): string | undefined {
  if (password.length < passwordRule.min) return `Use at least ${passwordRule.min} characters.`;
  if (Buffer.byteLength(password, 'utf8') > passwordRule.maxBytes) {
    return `Use at most ${passwordRule.maxBytes} bytes (bcrypt ignores anything longer); a long passphrase of plain letters fits about 72 characters.`;
  }
  if (password.trim() === '') return 'A password cannot be only spaces.';
  if (new Set([...password]).size === 1) return 'A password cannot be one character repeated.';
  if (chosen && COMMON.has(password.toLowerCase())) return 'This password is one of the most common ones; choose another.';
  return undefined;
}
