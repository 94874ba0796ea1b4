import 'next-auth/jwt';

declare module 'next-auth/jwt' {
  interface JWT {
    /** podium's user id, set at sign-in. */
    uid?: string;
  }
}
