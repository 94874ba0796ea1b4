'use client';
import { useActionState, useRef } from 'react';
import type { ActionState } from '../_lib/action';

type Values = {
  id?: string;
  slug?: string;
  title?: string;
  description?: string;
  rules?: string;
  startAt?: string;
  endAt?: string;
  mergeDeadline?: string | null;
  teamSizeLimit?: number;
  dailySubmissionLimit?: number;
  totalSubmissionLimit?: number;
  finalSelections?: number;
};

function toLocalInput(iso?: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Times are typed in the organizer's own zone and sent to the server as UTC instants. */
export function ChallengeForm({
  action,
  initial = {},
  submitLabel,
}: {
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
  initial?: Values;
  submitLabel: string;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  const formRef = useRef<HTMLFormElement>(null);
  const fe = state.fieldErrors ?? {};
  const v = { ...initial, ...(state.values ?? {}) } as Values;

  function toUtc() {
    const form = formRef.current!;
    for (const name of ['startAt', 'endAt', 'mergeDeadline']) {
      const local = (form.elements.namedItem(`${name}Local`) as HTMLInputElement).value;
      (form.elements.namedItem(name) as HTMLInputElement).value = local ? new Date(local).toISOString() : '';
    }
  }

  const field = (name: keyof Values, label: string, input: React.ReactNode, hint?: string) => (
    <label>
      {label} {hint && <span className="muted small">{hint}</span>}
      {input}
      {fe[name] && <span className="field-error">{fe[name]}</span>}
    </label>
  );

  return (
    <form ref={formRef} action={formAction} onSubmit={toUtc} className="stack" style={{ maxWidth: 720 }}>
      {initial.id && <input type="hidden" name="id" value={initial.id} />}
      {field('title', 'Title', <input name="title" required defaultValue={v.title} />)}
      {field('slug', 'Slug', <input name="slug" required defaultValue={v.slug} pattern="[a-z0-9]+(-[a-z0-9]+)*" title="Lowercase letters, digits and single dashes, e.g. grand-challenge-2026" />, '(in URLs and the CLI)')}
      {field('description', 'Description', <textarea name="description" defaultValue={v.description} />, '(markdown)')}
      {field('rules', 'Rules', <textarea name="rules" defaultValue={v.rules} />, '(markdown; participants accept these)')}
      <div className="row">
        {field('startAt', 'Start', <input type="datetime-local" name="startAtLocal" required defaultValue={toLocalInput(v.startAt)} />)}
        {field('endAt', 'End', <input type="datetime-local" name="endAtLocal" required defaultValue={toLocalInput(v.endAt)} />)}
        {field(
          'mergeDeadline',
          'Team merge deadline',
          <input type="datetime-local" name="mergeDeadlineLocal" defaultValue={toLocalInput(v.mergeDeadline)} />,
        )}
      </div>
      <p className="muted small">Times are in your time zone ({Intl.DateTimeFormat().resolvedOptions().timeZone}); podium stores them in UTC.</p>
      <input type="hidden" name="startAt" />
      <input type="hidden" name="endAt" />
      <input type="hidden" name="mergeDeadline" />
      <div className="row">
        {field('teamSizeLimit', 'Team size limit', <input type="number" min={1} name="teamSizeLimit" defaultValue={v.teamSizeLimit ?? 5} />)}
        {field(
          'dailySubmissionLimit',
          'Submissions per day',
          <input type="number" min={1} name="dailySubmissionLimit" defaultValue={v.dailySubmissionLimit ?? 5} />,
        )}
        {field(
          'totalSubmissionLimit',
          'Submissions in total',
          <input type="number" min={1} name="totalSubmissionLimit" defaultValue={v.totalSubmissionLimit ?? 500} />,
        )}
        {field('finalSelections', 'Final selections', <input type="number" min={1} name="finalSelections" defaultValue={v.finalSelections ?? 2} />)}
      </div>
      {state.error && <p className="alert error">{state.error}</p>}
      <div>
        <button type="submit" disabled={pending}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
