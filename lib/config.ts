/**
 * Every environment variable podium reads, parsed once with zod. Nothing else
 * reads process.env (libraries such as next-auth read their own variables).
 * A bad value stops the process with a message naming the variable.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : ['true', '1', 'yes'].includes(v)));

const emailList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((e) => e.trim().toLowerCase())
      .filter(Boolean),
  );

const bytes = (fallback: number) =>
  z.coerce.number().int().positive().optional().transform((v) => v ?? fallback);

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).optional(),
  /** Set by Next.js; during `next build` nothing may open the database. */
  NEXT_PHASE: z.string().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DATA_DIR: z.string().min(1).default('.data'),
  /** Next.js build folder (next.config.js reads it too); tests use their own. */
  PODIUM_DIST_DIR: z.string().min(1).default('.next'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Address the web process binds (`0.0.0.0` every IPv4 interface, `127.0.0.1` loopback only); unset: every interface. */
  HOST: z.string().min(1).optional(),
  /** `json`: one JSON object per log line (for log shippers); `pretty` (default): readable lines. */
  LOG_FORMAT: z.enum(['pretty', 'json']).default('pretty'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug']).default('info'),
  /** How long a process waits for an unreachable database at start (retrying with backoff) before giving up. */
  DATABASE_WAIT_SECONDS: z.coerce.number().int().min(0).default(120),
  /** How long a stopping web process lets requests in flight finish before it closes their connections. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).default(25),
  NEXTAUTH_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  NEXTAUTH_URL: z.string().url().optional(),
  ORGANIZER_EMAILS: emailList,
  GITHUB_ID: z.string().optional(),
  GITHUB_SECRET: z.string().optional(),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_NAME: z.string().default('Single sign-on'),
  STORAGE_URL: z
    .string()
    .regex(/^s3:\/\/[^/]+(\/.*)?$/, 'must look like s3://bucket/prefix')
    .optional(),
  S3_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_FORCE_PATH_STYLE: bool,
  AWS_ACCESS_KEY_ID: z.string().optional(),
  AWS_SECRET_ACCESS_KEY: z.string().optional(),
  MAX_SUBMISSION_BYTES: bytes(1024 * 1024 * 1024),
  MAX_TASK_ZIP_BYTES: bytes(4 * 1024 * 1024 * 1024),
  EMBEDDED_WORKER: bool,
  /**
   * How long a claimed job is held without a heartbeat before another worker takes it over (its worker is
   * presumed dead). A running worker renews it every third of this, so a long job never loses it.
   */
  WORKER_LEASE_MS: z.coerce.number().int().min(100).default(30_000),
  /** Scoring threads per process (default: the machine's cores); each scores one submission at a time. */
  SCORING_THREADS: z.coerce.number().int().positive().optional(),
  /** Heap cap of one scoring thread, in MB; a file that needs more fails with a reason instead of ending the process. */
  SCORING_MEMORY_MB: z.coerce.number().int().min(64).default(1024),
  /** Seed the demo challenge into an empty database at start (default: on in embedded mode, off on a server). */
  SEED_DEMO: bool,
  SIGNIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  SIGNIN_WINDOW_SECONDS: z.coerce.number().int().positive().default(15 * 60),
  /** Sign-ups allowed from one address per SIGNIN_WINDOW_SECONDS. */
  SIGNUP_MAX_PER_WINDOW: z.coerce.number().int().positive().default(20),
  /** Reverse proxies whose X-Forwarded-For is believed (comma-separated addresses or CIDR ranges); none by default. */
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean))
    .refine((list) => list.every((s) => /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(s)), 'must be comma-separated IP addresses or CIDR ranges'),
  /** Failed (rejected) submission files a team may send per task per UTC day before uploads get 429. */
  MAX_FAILED_UPLOADS_PER_DAY: z.coerce.number().int().min(1).default(20),
  /** An upload whose body stalls this long (no bytes) is aborted and everything it held released. */
  UPLOAD_IDLE_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
  /** Largest single file, and whole folder, a zipped task upload may unzip to. */
  MAX_TASK_UNZIPPED_FILE_BYTES: bytes(8 * 1024 * 1024 * 1024),
  MAX_TASK_UNZIPPED_BYTES: bytes(16 * 1024 * 1024 * 1024),
  /** Tests only: a PostgreSQL server on which each test run creates and drops its own database. */
  TEST_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//)
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

export type Config = z.output<typeof configSchema> & {
  mode: 'embedded' | 'server';
  dataDir: string;
};

export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`podium: bad configuration in the environment:\n${lines.join('\n')}`);
  }
  const c = result.data;
  const mode = c.DATABASE_URL ? 'server' : 'embedded';
  if (mode === 'server' && !c.NEXTAUTH_SECRET) {
    throw new Error(
      'podium: NEXTAUTH_SECRET is required when DATABASE_URL is set (server mode); generate one with `openssl rand -base64 32`.',
    );
  }
  if ((c.GITHUB_ID && !c.GITHUB_SECRET) || (!c.GITHUB_ID && c.GITHUB_SECRET)) {
    throw new Error('podium: GITHUB_ID and GITHUB_SECRET must be set together.');
  }
  const oidc = [c.OIDC_ISSUER, c.OIDC_CLIENT_ID, c.OIDC_CLIENT_SECRET].filter(Boolean).length;
  if (oidc !== 0 && oidc !== 3) {
    throw new Error('podium: OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together.');
  }
  return { ...c, mode, dataDir: path.resolve(c.DATA_DIR) };
}

let cached: Config | undefined;

export function isBuildPhase(cfg: Config = config()): boolean {
  return cfg.NEXT_PHASE === 'phase-production-build';
}

export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Tests and scripts that change the environment call this to re-read it. */
export function resetConfigForTests(): void {
  cached = undefined;
}

/**
 * The session-signing secret. In embedded mode one is generated on first use and
 * kept in DATA_DIR, so sessions survive restarts without any setup.
 */
export function authSecret(cfg: Config = config()): string {
  if (cfg.NEXTAUTH_SECRET) return cfg.NEXTAUTH_SECRET;
  const file = path.join(cfg.dataDir, 'auth-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(cfg.dataDir, { recursive: true });
    const secret = crypto.randomBytes(32).toString('base64url');
    try {
      fs.writeFileSync(file, secret, { flag: 'wx', mode: 0o600 });
      return secret;
    } catch {
      return fs.readFileSync(file, 'utf8').trim();
    }
  }
}

/** The environment to hand to a child process (next build / next start), plus overrides. */
export function childEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...overrides };
}

/**
 * The AWS SDK prints, on every start under Node < 22, that its releases from 2027 will need Node 22.
 * The installed release supports Node 20 (its `engines`), so the notice is only noise on every
 * command; this is the SDK's documented switch (@aws-sdk/core `emitWarningIfUnsupportedVersion`).
 */
export function silenceAwsSdkNodeNotice(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
