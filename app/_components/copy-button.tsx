'use client';
import { useState } from 'react';

/** Copies `text` to the clipboard; over plain http (no Clipboard API) it falls back to a selected hidden field and execCommand. */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [done, setDone] = useState<'copied' | 'failed' | null>(null);
  async function copy() {
    try {
      if (navigator.clipboard && window.isSecureContext) await navigator.clipboard.writeText(text);
      else {
        const area = document.createElement('textarea');
        area.value = text;
        area.style.position = 'fixed';
        area.style.opacity = '0';
        document.body.append(area);
        area.select();
        const ok = document.execCommand('copy');
        area.remove();
        if (!ok) throw new Error('copy refused');
      }
      setDone('copied');
    } catch {
      setDone('failed');
    }
    setTimeout(() => setDone(null), 2500);
  }
  return (
    <button type="button" className="secondary" onClick={copy} aria-live="polite">
      {done === 'copied' ? 'Copied ✓' : done === 'failed' ? 'Select and copy by hand' : label}
    </button>
  );
}
