import { Marked } from 'marked';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A path on this site (`/x`, `x`, `./x`), not `//host`, `/\\host` or any `scheme:` URL. */
export function isOwnOrigin(href: string): boolean {
  const h = href.trim();
  if (/[\u0000-\u001f\\]/.test(h)) return false;
  if (h.startsWith('//')) return false;
  return !/^[a-z][a-z0-9+.-]*:/i.test(h);
}

// Organizer markdown is shown to everyone: raw HTML in it is escaped, never rendered.
const marked = new Marked({
  gfm: true,
  renderer: {
    html: ({ text }) => escapeHtml(text),
    // Images only from this site: an image from elsewhere is a tracking pixel that learns who reads the page (with Referer).
    image: ({ href, text, title }) => {
      if (!isOwnOrigin(href)) return `<span class="muted">[image: ${escapeHtml(text || 'external image not shown')}]</span>`;
      return `<img src="${escapeHtml(href)}" alt="${escapeHtml(text)}"${title ? ` title="${escapeHtml(title)}"` : ''} loading="lazy">`;
    },
    link: ({ href, text }) => {
      const safe = /^(https?:|mailto:|\/|#)/i.test(href) ? href : '#';
      return `<a href="${escapeHtml(safe)}" rel="nofollow noopener">${escapeHtml(text)}</a>`;
    },
  },
});

export function Markdown({ text }: { text: string }) {
  const html = marked.parse(text ?? '', { async: false }) as string;
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}
