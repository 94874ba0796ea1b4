import type { PartDetails, PrPoint } from '@/lib/submissions/details';
import { prChart } from '../../../_lib/charts';
import { Chart } from '../../../_components/chart';

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
/** The precision/recall curve of a matching submission's score column, labelled axes, drawn on the server. */
export function PrCurve({ points }: { points: PrPoint[] }) {
  return <Chart svg={prChart({ points })} testId="pr-curve" caption="Each point is one threshold on the score column (hover for it): pairs scoring at or above it are predicted matches." />;
}
