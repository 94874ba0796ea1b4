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
      d.toLocaleString(undefined, {
        dateStyle: 'medium',
        timeStyle: 'short',
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
