import { describe, expect, it } from 'vitest';
import { signInErrorMessage } from './messages';

const providers = [
  { id: 'credentials', name: 'Email and password' },
  { id: 'oidc', name: 'Corp SSO' },
];

describe('sign-in error messages', () => {
  // Every code next-auth v4 puts on its sign-in and error pages, and podium's own.
  const codes = ['OAuthSignin', 'OAuthCallback', 'OAuthCreateAccount', 'Callback', 'OAuthAccountNotLinked', 'AccessDenied', 'NoEmail', 'EmailNotVerified', 'CredentialsSignin', 'SessionRequired', 'Configuration', 'Verification'];

  it('says what happened and what to do for each code, never the generic sentence', () => {
    const generic = signInErrorMessage('SomethingNew', providers);
    expect(generic).toContain('(SomethingNew)');
    for (const code of codes) {
      const m = signInErrorMessage(code, providers);
      expect(m, code).not.toBe(generic);
      expect(m.length, code).toBeGreaterThan(20);
    }
  });

  it('names the provider when a GET link was followed (error=<provider id>)', () => {
    expect(signInErrorMessage('oidc', providers)).toMatch(/^The sign-in with Corp SSO was not started: it has to begin from the button/);
  });
});
