/**
 * The one logger of every podium process (web, worker, scripts): pino, writing
 * one line per event to stdout. `LOG_FORMAT=json` gives pino's JSON lines for
 * log shippers; the default gives the same fields as a readable line.
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import { config } from './config';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** Turns pino's JSON line into `2026-12-01T10:00:00.000Z INFO message key=value …`, the error stack on the lines after. */
export function prettyLine(json: string): string {
  const { time, level, msg, err, name, pid: _pid, hostname: _host, ...rest } = JSON.parse(json) as Record<string, unknown>;
  const fields = Object.entries(rest)
    .map(([k, v]) => `${k}=${typeof v === 'string' && !/\s/.test(v) ? v : JSON.stringify(v)}`)
    .join(' ');
  const when = typeof time === 'number' ? new Date(time).toISOString() : String(time);
  let line = `${when} ${LEVELS[level as number] ?? level} ${name ? `${name}: ` : ''}${msg ?? ''}${fields ? ` ${fields}` : ''}`;
  const e = err as { stack?: string; message?: string } | undefined;
  if (e) line += `\n  ${(e.stack ?? e.message ?? '').split('\n').join('\n  ')}`;
  return `${line}\n`;
}

function prettyStream(): DestinationStream {
  return { write: (s: string) => void process.stdout.write(prettyLine(s)) };
}

const g = globalThis as unknown as { __podiumLog?: Logger };

/** The process's logger; `name` tags the lines of one part (`web`, `worker`, `http`). */
export function logger(name?: string): Logger {
  if (!g.__podiumLog) {
    const cfg = config();
    const options = { level: cfg.LOG_LEVEL, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.epochTime };
    g.__podiumLog = cfg.LOG_FORMAT === 'json' ? pino({ ...options, timestamp: pino.stdTimeFunctions.isoTime }) : pino(options, prettyStream());
  }
  return name ? g.__podiumLog.child({ name }) : g.__podiumLog;
}
