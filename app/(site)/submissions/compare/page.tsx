import type { Metadata } from 'next';
import Link from 'next/link';
import { getDb } from '@/db';
import { appBlobStore } from '@/lib/storage/app';
import { compareSubmissions } from '@/lib/submissions/compare';
import { pageCaller } from '../../../_lib/caller';
import { notFoundOnPodiumError } from '../../../_lib/not-found';
import { formatMetric } from '../../../_components/metric-value';

export const metadata: Metadata = { title: 'Compare submissions' };

export default async function ComparePage({ searchParams }: { searchParams: Promise<{ a?: string; b?: string }> }) {
  const { a = '', b = '' } = await searchParams;
  const caller = await pageCaller(`/submissions/compare?a=${a}&b=${b}`);
  const c = await notFoundOnPodiumError(compareSubmissions({ db: await getDb(), store: appBlobStore(), caller, a, b }));
  const pct = (n: number) => (c.rows ? `${((100 * n) / c.rows).toFixed(1)}%` : '—');
  return (
    <>
      <p className="small">
        <Link href={`/challenges/${c.a.challengeSlug}/tasks/${c.a.taskSlug}#submit`}>← {c.a.taskTitle}</Link>
      </p>
      <h1>Compare two submissions</h1>
      <p className="muted">On {c.part === 'public' ? 'the public test rows (the private ones stay hidden until the reveal)' : 'all test rows'}: {c.rows.toLocaleString()} rows.</p>
      <div className="table-wrap" style={{ maxWidth: 760 }}>
        <table data-testid="comparison">
          <thead>
            <tr>
              <th />
              <th>
                A: <Link href={`/submissions/${c.a.id}`}>{c.a.fileName}</Link>
              </th>
              <th>
                B: <Link href={`/submissions/${c.b.id}`}>{c.b.fileName}</Link>
              </th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th>{c.a.metric}</th>
              <td className="num">{formatMetric(c.bootstrap?.valueA ?? c.a.publicMetrics?.[c.a.metric])}</td>
              <td className="num">{formatMetric(c.bootstrap?.valueB ?? c.b.publicMetrics?.[c.b.metric])}</td>
            </tr>
            <tr>
              <th>rows only this one gets right</th>
              <td className="num">
                {c.onlyA.toLocaleString()} ({pct(c.onlyA)})
              </td>
              <td className="num">
                {c.onlyB.toLocaleString()} ({pct(c.onlyB)})
              </td>
            </tr>
            <tr>
              <th>rows where they predict differently</th>
              <td className="num" colSpan={2} style={{ textAlign: 'center' }}>
                {c.disagree.toLocaleString()} ({pct(c.disagree)})
              </td>
            </tr>
          </tbody>
        </table>
      </div>
      <h2>Is the difference real?</h2>
      <ul>
        <li>
          <strong>McNemar&apos;s test</strong> ({c.mcnemar.method === 'mcnemar_exact' ? 'exact binomial' : 'χ² with continuity correction'}) on the rows
          only one of them gets right: p = {c.mcnemar.pValue.toPrecision(3)} —{' '}
          <span data-testid="mcnemar-verdict">{c.mcnemar.distinguishable ? 'a real difference in accuracy (p < 0.05)' : 'not distinguishable (p ≥ 0.05)'}</span>.
        </li>
        {c.bootstrap && (
          <li>
            <strong>Paired bootstrap</strong> on {c.bootstrap.metric} (1,000 resamples of the {c.bootstrap.part} rows, the same rows for both): p ={' '}
            {c.bootstrap.pValue.toPrecision(3)} — {c.bootstrap.distinguishable ? 'a real difference' : 'not distinguishable'}.
          </li>
        )}
      </ul>
    </>
  );
}
