/**
 * What the sign-in page says for each `error` code next-auth (v4) or podium's
 * own callbacks put in the URL: what happened and what to do.
 */
export function signInErrorMessage(code: string, providers: { id: string; name: string }[]): string {
  const named = providers.find((p) => p.id === code);
  if (named) {
    // next-auth's answer to a GET on /api/auth/signin/<id> (an old link or bookmark).
    return `The sign-in with ${named.name} was not started: it has to begin from the button below. Press it again.`;
  }
  switch (code) {
    case 'OAuthSignin':
      return 'Could not start the sign-in with that provider: it did not answer, or podium’s settings for it are wrong. Try again in a minute; if it keeps failing, tell the site’s organizers.';
    case 'OAuthCallback':
    case 'Callback':
      return 'The provider’s answer could not be checked (it may have expired, or the provider is unreachable from podium). Start again from the button below.';
    case 'AccessDenied':
      return 'Sign-in was cancelled or refused at the provider. Start again from the button below if you meant to sign in.';
    case 'NoEmail':
      return 'That provider did not give podium an email address, which podium needs for your account. Ask your provider’s administrator to release the email claim, or sign in with email and password.';
    case 'EmailNotVerified':
      return 'An account with this email already exists, and the provider did not confirm that the email is yours (no verified email), so podium did not link them. Sign in with your email and password instead, or ask an organizer.';
    case 'OAuthAccountNotLinked':
    case 'OAuthCreateAccount':
      return 'podium could not connect this sign-in to an account. Sign in the way you did the first time, or ask an organizer.';
    case 'AccountDisabled':
      return 'This account has been disabled by an organizer. Ask the site’s organizers if you think this is a mistake.';
    case 'CredentialsSignin':
      return 'Wrong email or password.';
    case 'SessionRequired':
      return 'Sign in to see that page.';
    case 'Configuration':
      return 'Sign-in is misconfigured on this site (the server log says what). Tell the site’s organizers.';
    case 'Verification':
      return 'That sign-in link has expired or was already used. Start again.';
    default:
      return `Sign-in did not complete (${code}). Start again; if it keeps failing, tell the site’s organizers.`;
  }
}
