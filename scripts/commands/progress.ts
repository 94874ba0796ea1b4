/**
 * An upload progress bar on stderr. On a terminal it redraws one line at most
 * ten times a second; elsewhere (CI logs, pipes) it writes a single summary
 * line at the end so logs are not flooded with carriage returns.
 */
export type Progress = { update(sent: number): void; done(): void };

const MB = 1024 * 1024;
const WIDTH = 30;

/** A size as people read it: "97 B", "12.4 KB", "30.0 MB" (never "0.0 MB" for a small file). */
export function humanBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < MB) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * MB) return `${(n / MB).toFixed(1)} MB`;
  return `${(n / (1024 * MB)).toFixed(2)} GB`;
}

/** A duration: "35 ms" under a second, else "2.4 s" (never "0.0 s"). */
export function humanSeconds(secs: number): string {
  return secs < 1 ? `${Math.max(1, Math.round(secs * 1000))} ms` : `${secs.toFixed(1)} s`;
}

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
      // A rate over a few milliseconds says nothing: only shown for uploads that took a while.
      const speed = secs >= 0.5 ? ` (${humanBytes(Math.round(sent / secs))}/s)` : '';
      out.write(`${label}: sent ${humanBytes(sent)} in ${humanSeconds(secs)}${speed}\n`);
    },
  };
}
