import type { PartDetails } from '@/lib/submissions/details';

type Classification = Extract<PartDetails, { kind: 'classification' }>;

/** A heatmap: rows are the true class, columns the predicted one; shade by the share of the true class. */
export function ConfusionMatrix({ d }: { d: Classification }) {
  const rowSums = d.confusion.map((r) => r.reduce((a, b) => a + b, 0));
  return (
    <div className="table-wrap">
      <table style={{ width: 'auto' }} data-testid="confusion-matrix">
        <thead>
          <tr>
            <th>true ↓ / predicted →</th>
            {d.classes.map((c) => (
              <th key={c} className="num" style={{ writingMode: d.classes.length > 6 ? 'vertical-rl' : undefined }}>
                {c}
              </th>
            ))}
            <th className="num">recall</th>
          </tr>
        </thead>
        <tbody>
          {d.confusion.map((row, i) => (
            <tr key={d.classes[i]}>
              <th>{d.classes[i]}</th>
              {row.map((v, j) => {
                const share = rowSums[i] ? v / rowSums[i] : 0;
                const hue = i === j ? '47,91,234' : '180,35,24';
                return (
                  <td key={j} className="num" title={`${v} of ${rowSums[i]}`} style={{ background: `rgba(${hue},${(share * 0.85).toFixed(3)})`, color: share > 0.55 ? '#fff' : undefined }}>
                    {v}
                  </td>
                );
              })}
              <td className="num">{rowSums[i] ? (row[i] / rowSums[i]).toFixed(3) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function MatchCounts({ d }: { d: Extract<PartDetails, { kind: 'matching' }> }) {
  const precision = d.tp + d.fp ? d.tp / (d.tp + d.fp) : 0;
  const recall = d.tp + d.fn ? d.tp / (d.tp + d.fn) : 0;
  return (
    <div className="table-wrap" style={{ maxWidth: 520 }}>
      <table data-testid="match-counts">
        <tbody>
          <tr>
            <th>true matches found (TP)</th>
            <td className="num">{d.tp}</td>
          </tr>
          <tr>
            <th>false matches (FP)</th>
            <td className="num">{d.fp}</td>
          </tr>
          <tr>
            <th>matches missed (FN)</th>
            <td className="num">{d.fn}</td>
          </tr>
          <tr>
            <th>non-matches rejected (TN)</th>
            <td className="num">{d.tn}</td>
          </tr>
          <tr>
            <th>precision = TP / (TP + FP)</th>
            <td className="num">{precision.toFixed(5)}</td>
          </tr>
          <tr>
            <th>recall = TP / (TP + FN)</th>
            <td className="num">{recall.toFixed(5)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
