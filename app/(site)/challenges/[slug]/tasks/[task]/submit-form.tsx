'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { formatMetricValue, metricLabel } from '@/lib/scoring/metrics/labels';

type Outcome = { ok: boolean; text: string };
type Pending = { id: string; fileName: string; late: boolean; remainingToday: number | null };

const left = (n: number | null) => (n === null ? '' : ` ${n} left today.`);

/** Pick or drop a prediction file; it goes up with XHR so the progress bar is real. */
export function SubmitForm({ challenge, task, format, metric }: { challenge: string; task: string; format: string; metric: string }) {
  const router = useRouter();
  const [pending, setPending] = useState<Pending | null>(null);

  // After the 202, follow the submission until it is scored or rejected: the message then says what happened,
  // and a rejected file gives its slot back (rejected files count against no limit).
  useEffect(() => {
    if (!pending) return;
    let stop = false;
    const poll = async () => {
      while (!stop) {
        await new Promise((r) => setTimeout(r, 1000));
        if (stop) return;
        const res = await fetch(`/api/v1/submissions/${pending.id}`).catch(() => null);
        if (!res?.ok) continue;
        const s = (await res.json()) as { status: string; error: string | null; public: Record<string, number> };
        if (s.status === 'scored') {
          const v = s.public?.[metric];
          setOutcome({ ok: true, text: `Scored ${pending.fileName}: ${metricLabel(metric)} ${formatMetricValue(metric, v)} on the public part of the test set.${left(pending.remainingToday)}` });
        } else if (s.status === 'failed') {
          const back = pending.remainingToday === null ? null : pending.remainingToday + 1;
          setOutcome({ ok: false, text: `Rejected ${pending.fileName}: ${s.error ?? 'the file could not be scored'} Rejected files do not count:${left(back)}` });
        } else continue;
        setPending(null);
        router.refresh();
        return;
      }
    };
    void poll();
    return () => {
      stop = true;
    };
  }, [pending, metric, router]);

  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [over, setOver] = useState(false);

  function send(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!file) return setOutcome({ ok: false, text: 'Pick a CSV or Parquet file first.' });
    const form = new FormData();
    form.append('description', (e.currentTarget.elements.namedItem('description') as HTMLTextAreaElement).value);
    form.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/challenges/${challenge}/tasks/${task}/submissions`);
    xhr.upload.onprogress = (ev) => ev.lengthComputable && setProgress(ev.loaded / ev.total);
    xhr.onload = () => {
      setProgress(null);
      let body: { id?: string; late?: boolean; remainingToday?: number; error?: { message: string } } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status === 202) {
        const remaining = typeof body.remainingToday === 'number' ? body.remainingToday : null;
        setOutcome({
          ok: true,
          text: `Submitted ${file.name}${body.late ? ' (late: after the end, shown on the post-challenge board)' : ''}; scoring it now…`,
        });
        if (body.id) setPending({ id: body.id, fileName: file.name, late: Boolean(body.late), remainingToday: remaining });
        setFile(null);
        if (input.current) input.current.value = '';
        router.refresh();
      } else {
        setOutcome({ ok: false, text: body.error?.message ?? `Upload failed (HTTP ${xhr.status}).` });
      }
    };
    xhr.onerror = () => {
      setProgress(null);
      setOutcome({ ok: false, text: 'The upload was interrupted. Check the connection and try again.' });
    };
    setOutcome(null);
    setProgress(0);
    xhr.send(form);
  }

  return (
    <form onSubmit={send} className="stack" style={{ maxWidth: 640 }}>
      <div
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          const f = e.dataTransfer.files?.[0];
          if (f) setFile(f);
        }}
        onClick={() => input.current?.click()}
        style={{
          border: `2px dashed ${over ? 'var(--accent)' : '#c9ccd3'}`,
          borderRadius: 10,
          padding: '1.2rem',
          textAlign: 'center',
          cursor: 'pointer',
          background: over ? '#eff4ff' : '#fff',
        }}
      >
        {file ? (
          <span>
            <strong>{file.name}</strong> <span className="muted">({(file.size / 1024).toFixed(1)} KB)</span>
          </span>
        ) : (
          <span className="muted">Drop a prediction file here, or click to pick one ({format})</span>
        )}
        <input
          ref={input}
          type="file"
          name="file"
          aria-label="Prediction file"
          accept=".csv,.parquet,.gz,.zip,text/csv"
          style={{ display: 'none' }}
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
      </div>
      <p className="muted small" style={{ margin: 0 }}>
        Columns, file types and every rule a file must follow: <a href="/docs/submissions">the submission-file guide</a>.
      </p>
      <label>
        What did you try? <span className="muted small">(optional, only your team sees it)</span>
        <textarea name="description" rows={2} style={{ minHeight: '3rem' }} />
      </label>
      {progress !== null && (
        <div>
          <div className="progress" role="progressbar" aria-valuenow={Math.round(progress * 100)}>
            <div style={{ width: `${Math.round(progress * 100)}%` }} />
          </div>
          <span className="muted small">Uploading… {Math.round(progress * 100)}%</span>
        </div>
      )}
      {outcome && (
        <p className={`alert ${outcome.ok ? 'ok' : 'error'}`} role="status" data-testid="submit-outcome">
          {outcome.text}
        </p>
      )}
      <div>
        <button type="submit" disabled={progress !== null}>
          Submit
        </button>
      </div>
    </form>
  );
}
