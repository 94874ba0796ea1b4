/**
 * An upload progress bar on stderr. On a terminal it redraws one line at most
 * ten times a second; elsewhere (CI logs, pipes) it writes a single summary
 * line at the end so logs are not flooded with carriage returns.
 */
export type Progress = { update(sent: number): void; done(): void };

const MB = 1024 * 1024;
const WIDTH = 30;

export function progressBar({ total, label, out = process.stderr }: { total: number; label: string; out?: NodeJS.WriteStream }): Progress {
  const started = Date.now();
  let sent = 0;
  let lastDraw = 0;
  const live = Boolean(out.isTTY);

  const rate = () => sent / MB / Math.max((Date.now() - started) / 1000, 0.001);
  const draw = () => {
    const frac = total > 0 ? Math.min(sent / total, 1) : 1;
    const filled = Math.round(frac * WIDTH);
    const bar = '#'.repeat(filled) + '-'.repeat(WIDTH - filled);
    out.write(`\r${label} [${bar}] ${(frac * 100).toFixed(0).padStart(3)}%  ${(sent / MB).toFixed(1)}/${(total / MB).toFixed(1)} MB  ${rate().toFixed(1)} MB/s `);
  };

  return {
    update(n) {
      sent = n;
      if (!live) return;
      const now = Date.now();
      if (now - lastDraw >= 100 || sent >= total) {
        lastDraw = now;
        draw();
      }
    },
    done() {
      if (live) {
        draw();
        out.write('\n');
        return;
      }
      const secs = (Date.now() - started) / 1000;
      out.write(`${label}: sent ${(sent / MB).toFixed(1)} MB in ${secs.toFixed(1)} s (${rate().toFixed(1)} MB/s)\n`);
    },
  };
}
