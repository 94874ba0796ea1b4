'use client';
import { FaultNotice } from './_components/fault-notice';

/** A page that failed to render (the database or storage down, or a bug): a plain message, never a stack trace. */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <FaultNotice reset={reset} digest={error.digest} />;
}
