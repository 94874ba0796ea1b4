import type { PartDetails, PrPoint } from '@/lib/submissions/details';

type Classification = Extract<PartDetails, { kind: 'classification' }>;

/** Precision, recall and F1 of each class, from the confusion matrix. */
export function PerClassTable({ d }: { d: Classification }) {
  const k = d.classes.length;
  const rows = d.classes.map((c, i) => {
    const tp = d.confusion[i][i];
    let predicted = 0;
    let actual = 0;
    for (let j = 0; j < k; j++) {
      predicted += d.confusion[j][i];
      actual += d.confusion[i][j];
    }
    const precision = predicted ? tp / predicted : 0;
    const recall = actual ? tp / actual : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { c, precision, recall, f1, support: actual };
  });
  return (
    <div className="table-wrap" style={{ maxWidth: 720 }}>
      <table data-testid="per-class">
        <thead>
          <tr>
            <th>class</th>
            <th className="num">precision</th>
            <th className="num">recall</th>
            <th className="num">F1</th>
            <th className="num">rows</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.c}>
              <td>{r.c}</td>
              <td className="num">{r.precision.toFixed(3)}</td>
              <td className="num">{r.recall.toFixed(3)}</td>
              <td className="num">{r.f1.toFixed(3)}</td>
              <td className="num">{r.support}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Precision and recall against the score threshold, as an inline SVG. */
export function PrCurve({ points }: { points: PrPoint[] }) {
  if (points.length < 2) return null;
  const W = 560;
  const H = 240;
  const pad = 36;
  const lo = Math.min(...points.map((p) => p.threshold));
  const hi = Math.max(...points.map((p) => p.threshold));
  const x = (t: number) => pad + ((hi === lo ? 0.5 : (t - lo) / (hi - lo)) * (W - 2 * pad));
  const y = (v: number) => H - pad - v * (H - 2 * pad);
  const line = (key: 'precision' | 'recall') => points.map((p, i) => `${i ? 'L' : 'M'}${x(p.threshold).toFixed(1)},${y(p[key]).toFixed(1)}`).join(' ');
  return (
    <svg viewBox={`0 0 ${W} ${H}`} style={{ width: '100%', maxWidth: W, background: '#fff', border: '1px solid var(--line)', borderRadius: 8 }} data-testid="pr-curve" role="img" aria-label="Precision and recall by score threshold">
      <line x1={pad} y1={y(0)} x2={W - pad} y2={y(0)} stroke="#c9ccd3" />
      <line x1={pad} y1={y(1)} x2={W - pad} y2={y(1)} stroke="#eef0f4" />
      <path d={line('precision')} fill="none" stroke="#2f5bea" strokeWidth={2} />
      <path d={line('recall')} fill="none" stroke="#b42318" strokeWidth={2} />
      <text x={pad} y={H - 10} fontSize={11} fill="#5d6675">
        threshold {lo.toPrecision(3)}
      </text>
      <text x={W - pad} y={H - 10} fontSize={11} fill="#5d6675" textAnchor="end">
        {hi.toPrecision(3)}
      </text>
      <text x={pad + 4} y={pad - 10} fontSize={12} fill="#2f5bea">
        precision
      </text>
      <text x={pad + 80} y={pad - 10} fontSize={12} fill="#b42318">
        recall
      </text>
    </svg>
  );
}
