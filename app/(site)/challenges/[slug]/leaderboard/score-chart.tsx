import type { HistoryPoint } from '@/lib/leaderboard/history';
import { fmtScore } from './format';

const W = 640;
const H = 220;
const PAD = { left: 56, right: 12, top: 12, bottom: 28 };

/** Public score per submission over time (dots) and the best so far (step line), as inline SVG. */
export function ScoreChart({ points, higherIsBetter, label }: { points: HistoryPoint[]; higherIsBetter: boolean; label: string }) {
  if (points.length === 0) return <p className="muted">No scored submissions yet.</p>;
  const t0 = points[0].at.getTime();
  const t1 = Math.max(points[points.length - 1].at.getTime(), t0 + 1);
  let lo = Math.min(...points.map((p) => p.score));
  let hi = Math.max(...points.map((p) => p.score));
  if (lo === hi) {
    lo -= 0.05;
    hi += 0.05;
  }
  const x = (t: Date) => PAD.left + ((t.getTime() - t0) / (t1 - t0)) * (W - PAD.left - PAD.right);
  // Better is up whatever the direction.
  const y = (v: number) => {
    const f = (v - lo) / (hi - lo);
    return PAD.top + (higherIsBetter ? 1 - f : f) * (H - PAD.top - PAD.bottom);
  };
  let path = '';
  points.forEach((p, i) => {
    path += i === 0 ? `M${x(p.at)},${y(p.best)}` : `H${x(p.at)}V${y(p.best)}`;
  });
  const top = higherIsBetter ? hi : lo;
  const bottom = higherIsBetter ? lo : hi;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={label} style={{ maxWidth: W, background: '#fff', border: '1px solid var(--line)', borderRadius: 8 }}>
      <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={H - PAD.bottom} stroke="#c9ccd3" />
      <line x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} stroke="#c9ccd3" />
      <text x={PAD.left - 6} y={PAD.top + 10} textAnchor="end" fontSize="11" fill="#5d6675">
        {fmtScore(top)}
      </text>
      <text x={PAD.left - 6} y={H - PAD.bottom} textAnchor="end" fontSize="11" fill="#5d6675">
        {fmtScore(bottom)}
      </text>
      <text x={PAD.left} y={H - 8} fontSize="11" fill="#5d6675">
        {points[0].at.toISOString().slice(0, 10)}
      </text>
      <text x={W - PAD.right} y={H - 8} textAnchor="end" fontSize="11" fill="#5d6675">
        {points[points.length - 1].at.toISOString().slice(0, 10)}
      </text>
      <path d={path} fill="none" stroke="#2f5bea" strokeWidth="2" />
      {points.map((p, i) => (
        <circle key={i} cx={x(p.at)} cy={y(p.score)} r="3.5" fill={p.score === p.best ? '#2f5bea' : '#9aa3b2'}>
          <title>{`${p.at.toISOString()}: ${fmtScore(p.score)}`}</title>
        </circle>
      ))}
    </svg>
  );
}
