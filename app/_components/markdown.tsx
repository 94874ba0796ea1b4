import { Marked } from 'marked';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// Organizer markdown is shown to everyone: raw HTML in it is escaped, never rendered.
const marked = new Marked({
  gfm: true,
  renderer: {
    html: ({ text }) => escapeHtml(text),
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
