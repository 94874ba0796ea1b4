import { describe, expect, it } from 'vitest';
import { parseConfig } from './config';

describe('configuration', () => {
  it('defaults to the embedded database in .data', () => {
    const c = parseConfig({});
    expect(c.mode).toBe('embedded');
    expect(c.dataDir).toMatch(/\.data$/);
    expect(c.PORT).toBe(3000);
  });

  it('needs NEXTAUTH_SECRET in server mode', () => {
    expect(() => parseConfig({ DATABASE_URL: 'postgres://localhost/x' })).toThrow(/NEXTAUTH_SECRET is required/);
    expect(parseConfig({ DATABASE_URL: 'postgres://localhost/x', NEXTAUTH_SECRET: 'x'.repeat(32) }).mode).toBe('server');
  });

  it('names the variable that is wrong', () => {
    expect(() => parseConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => parseConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => parseConfig({ STORAGE_URL: 'gs://bucket' })).toThrow(/STORAGE_URL: must look like s3:\/\/bucket\/prefix/);
    expect(() => parseConfig({ GITHUB_ID: 'x' })).toThrow(/GITHUB_ID and GITHUB_SECRET/);
    expect(() => parseConfig({ OIDC_ISSUER: 'https://id.example.com' })).toThrow(/OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET/);
  });

  it('reads the organizer list case-insensitively', () => {
    expect(parseConfig({ ORGANIZER_EMAILS: ' A@x.io, b@Y.io ,' }).ORGANIZER_EMAILS).toEqual(['a@x.io', 'b@y.io']);
  });
});
