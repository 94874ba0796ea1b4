import NextAuth from 'next-auth';
import { NextResponse } from 'next/server';
import { getDb } from '@/db';
import { authOptions, clientAddress } from '@/lib/auth/options';
import { reserveSignInAttempt, signInKeys } from '@/lib/auth/rate-limit';
import { config } from '@/lib/config';

type Ctx = { params: Promise<{ nextauth: string[] }> };

function handler(req: Request, ctx: Ctx) {
  return NextAuth(authOptions())(req, ctx);
}

export { handler as GET };

/** Sign-in attempts past the failure limit get 429 with the wait, before any password is checked. */
export async function POST(req: Request, ctx: Ctx) {
  const { nextauth } = await ctx.params;
  if (nextauth.join('/') === 'callback/credentials') {
    const form = await req.clone().formData();
    const email = String(form.get('email') ?? '');
    const cfg = config();
    const { retryAfter, release } = await reserveSignInAttempt({
      db: await getDb(),
      keys: signInKeys({ email, address: clientAddress(req.headers) }),
      limit: { maxFailures: cfg.SIGNIN_MAX_FAILURES, windowSeconds: cfg.SIGNIN_WINDOW_SECONDS },
    });
    if (retryAfter === 0) {
      try {
        return await handler(req, ctx);
      } finally {
        await release();
      }
    }
    {
      const url = new URL('/signin', req.url);
      url.searchParams.set('error', 'RateLimited');
      url.searchParams.set('retryAfter', String(retryAfter));
      return NextResponse.json(
        {
          url: url.toString(),
          error: { code: 'rate_limited:sign_in', message: `Too many failed sign-ins. Try again in ${retryAfter} s.`, retryAfter },
        },
        { status: 429, headers: { 'Retry-After': String(retryAfter) } },
      );
    }
  }
  return handler(req, ctx);
}
