'use client';
import { useEffect } from 'react';

const format = (d: Date) => d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

/**
 * Shows every `<time data-local>` of the page in the viewer's own time zone. For tables
 * rendered once as HTML (board-html.ts), where one component per cell would cost a client
 * component per row; `stamp` changes whenever that HTML does, so new cells are localized too.
 */
export function LocalTimes({ stamp }: { stamp: string }) {
  useEffect(() => {
    for (const el of document.querySelectorAll<HTMLTimeElement>('time[data-local]')) {
      const d = new Date(el.dateTime);
      if (!Number.isNaN(d.getTime())) el.textContent = format(d);
    }
  }, [stamp]);
  return null;
}
