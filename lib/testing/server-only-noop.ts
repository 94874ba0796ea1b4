// Lets vitest import server-only modules; Next.js enforces the real marker in app builds.
export {};
