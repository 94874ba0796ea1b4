'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';

type Result = { ok: true; text: string } | { ok: false; text: string };

/** Uploads a zipped task folder with a real progress bar (XHR upload events). */
export function TaskUpload({ challenge }: { challenge: string }) {
  const router = useRouter();
  const [progress, setProgress] = useState<number | null>(null);
  const [phase, setPhase] = useState<'idle' | 'uploading' | 'importing'>('idle');
  const [result, setResult] = useState<Result | null>(null);

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const file = (form.elements.namedItem('zip') as HTMLInputElement).files?.[0];
    const replace = (form.elements.namedItem('replace') as HTMLInputElement).checked;
    if (!file) return setResult({ ok: false, text: 'Pick a .zip file of the task folder.' });
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/organizer/challenges/${challenge}/tasks${replace ? '?replace=1' : ''}`);
    xhr.setRequestHeader('Content-Type', 'application/zip');
    xhr.upload.onprogress = (ev) => ev.lengthComputable && setProgress(ev.loaded / ev.total);
    xhr.upload.onload = () => setPhase('importing');
    xhr.onload = () => {
      setPhase('idle');
      setProgress(null);
      let body: { task?: string; replaced?: boolean; requeued?: number; createdTrack?: string | null; warnings?: string[]; error?: { message: string } } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        setResult({
          ok: true,
          text: [
            `${body.replaced ? 'Replaced' : 'Imported'} task "${body.task}".${body.replaced ? ` ${body.requeued} submission(s) queued for re-scoring.` : ''}`,
            body.createdTrack ? ` Created the track "${body.createdTrack}".` : '',
            ...(body.warnings ?? []).map((w) => ` Warning: ${w}`),
          ].join(''),
        });
        form.reset();
        router.refresh();
      } else {
        setResult({ ok: false, text: body.error?.message ?? `Upload failed (HTTP ${xhr.status}).` });
      }
    };
    xhr.onerror = () => {
      setPhase('idle');
      setResult({ ok: false, text: 'The upload was interrupted. Check the connection and try again.' });
    };
    setResult(null);
    setPhase('uploading');
    setProgress(0);
    xhr.send(file);
  }

  return (
    <form onSubmit={onSubmit} className="stack">
      <label>
        Zipped task folder
        <input type="file" name="zip" accept=".zip,application/zip" />
      </label>
      <label className="row" style={{ fontWeight: 400 }}>
        <input type="checkbox" name="replace" style={{ width: 'auto' }} /> Replace the task if its slug exists (keeps its submissions and
        re-scores them)
      </label>
      {phase !== 'idle' && (
        <div>
          <div className="progress" role="progressbar" aria-valuenow={Math.round((progress ?? 0) * 100)}>
            <div style={{ width: `${Math.round((progress ?? 0) * 100)}%` }} />
          </div>
          <span className="muted small">
            {phase === 'uploading' ? `Uploading… ${Math.round((progress ?? 0) * 100)}%` : 'Checking and importing the task…'}
          </span>
        </div>
      )}
      {result && (
        <p className={`alert ${result.ok ? 'ok' : 'error'}`} role="status" data-testid="task-upload-result">
          {result.text}
        </p>
      )}
      <div>
        <button type="submit" disabled={phase !== 'idle'}>
          Upload and import
        </button>
      </div>
    </form>
  );
}
