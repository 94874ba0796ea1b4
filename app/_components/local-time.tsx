'use client';
import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/** A UTC instant shown in the viewer's own time zone (the server renders UTC until hydration). */
export function LocalTime({ date, withZone = false }: { date: Date | string; withZone?: boolean }) {
  const d = typeof date === 'string' ? new Date(date) : date;
  const iso = d.toISOString();
  const text = useSyncExternalStore(
    subscribe,
    () =>
      // dateStyle/timeStyle cannot be combined with timeZoneName (Chromium throws), so name the fields.
      d.toLocaleString(undefined, {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        ...(withZone ? { timeZoneName: 'short' } : {}),
      }),
    () => iso.replace('T', ' ').slice(0, 16) + ' UTC',
  );
  return (
    <time dateTime={iso} title={iso}>
      {text}
    </time>
  );
}
