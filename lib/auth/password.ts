import bcrypt from 'bcryptjs';

// bcrypt cost 11: ~150 ms per check in pure JS here, slow enough for brute force, fast enough for a person.
const COST = 11;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

export const passwordRule = { min: 8, max: 200 } as const;
