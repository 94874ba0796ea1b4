import type { Datasheet } from '@/lib/tasks/datasheet';
import { DataTable } from '../../../../../_components/data-table';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const num = (x: number | undefined) => (x === undefined ? '' : Math.abs(x) >= 1e5 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(3) : x.toFixed(3).replace(/\.?0+$/, ''));

function splitText(split: Datasheet['split']): string {
  if (split.kind === 'column') return 'The organizer chose which rows are public (a split column in the hidden labels).';
  if (split.kind === 'time') return `The organizer split on the column ${split.by}: later values are private.`;
  if (split.kind === 'random') return split.secretSeed ? 'The split is random, drawn at import with a secret seed.' : 'The split is random.';
  return '';
}

export function DatasheetView({ sheet }: { sheet: Datasheet }) {
  return (
    <>
      {sheet.matching && (
        <div className="card small">
          Left table {sheet.matching.leftRows.toLocaleString()} records
          {sheet.matching.sameTable ? ' (matching within one table: right_id also refers to left)' : `, right table ${sheet.matching.rightRows.toLocaleString()} records`}
          · {sheet.matching.trainPairs.toLocaleString()} train pairs ({pct(sheet.matching.trainPositiveRate)} positive) ·{' '}
          {sheet.matching.candidates === 'open' ? 'open matching: no candidate list, submit the pairs you predict match' : `${sheet.matching.testPairs.toLocaleString()} test pairs`}
        </div>
      )}
      {sheet.grouping && (
        <div className="card small">
          Train {sheet.grouping.trainRecords.toLocaleString()} records in {sheet.grouping.trainGroups.toLocaleString()} groups (largest{' '}
          {sheet.grouping.trainLargestGroup.toLocaleString()}) · test {sheet.grouping.testRecords.toLocaleString()} records; test groups need not appear in train
        </div>
      )}
      <p className="muted small">
        Test {sheet.split.unit ?? 'rows'} on the public leaderboard: {sheet.split.publicRows.toLocaleString()} ({pct(sheet.split.publicFraction)}); the other{' '}
        {sheet.split.privateRows.toLocaleString()} decide the final ranking. {splitText(sheet.split)}
      </p>
      {sheet.tables.map((t) => (
        <details key={t.name} open={t.name === 'train' || t.name === 'left'}>
          <summary>
            <strong>{t.name}</strong> <span className="muted">{t.rows.toLocaleString()} rows</span>
          </summary>
          <DataTable columns={['column', 'role', 'type', { label: 'missing', className: 'num' }, { label: 'distinct', className: 'num' }, { label: 'min', className: 'num' }, { label: 'mean', className: 'num' }, { label: 'max', className: 'num' }]}>
            {t.columns.map((c) => (
              <tr key={c.name}>
                <td>
                  <code>{c.name}</code>
                </td>
                <td>{c.role}</td>
                <td>{c.type}</td>
                <td className="num">{pct(c.missingShare)}</td>
                <td className="num">{c.distinct.toLocaleString()}</td>
                <td className="num">{num(c.min)}</td>
                <td className="num">{num(c.mean)}</td>
                <td className="num">{num(c.max)}</td>
              </tr>
            ))}
          </DataTable>
        </details>
      ))}
      {sheet.classBalance && (
        <>
          <h3>Class balance (train)</h3>
          <div className="table-wrap">
            <table>
              <tbody>
                {sheet.classBalance.map((c) => (
                  <tr key={c.label}>
                    <td style={{ width: '30%' }}>{c.label}</td>
                    <td className="num" style={{ width: '12%' }}>
                      {c.count.toLocaleString()}
                    </td>
                    <td>
                      <div className="progress" title={pct(c.share)}>
                        <div style={{ width: pct(c.share) }} />
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
