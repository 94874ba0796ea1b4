/**
 * The documentation that ships with podium: markdown files in `docs/`, served at
 * `/docs/<name>` (and `docs/README.md` at `/docs`). Links between them are written
 * as relative `.md` links, so they work on a code host too; here they become
 * `/docs/<name>` links, and every heading gets an id for `#anchors`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Marked } from 'marked';

const DOCS_DIR = path.join(process.cwd(), 'docs');
const NAME = /^[a-z0-9][a-z0-9-]*$/;

export type DocPage = { name: string; title: string; html: string };

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function headingId(text: string): string {
  return text
    .toLowerCase()
    .replace(/<[^>]+>/g, '')
    .replace(/&[a-z0-9#]+;/g, '')
    .replace(/[^a-z0-9_\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-');
}

/** A link in a doc, as the site serves it: `metrics.md#accuracy` → `/docs/metrics#accuracy`. */
export function docHref(href: string): string {
  const m = /^(?:\.\/)?([a-z0-9-]+)\.md(#.*)?$/i.exec(href);
  if (m) return `${m[1].toLowerCase() === 'readme' ? '/docs' : `/docs/${m[1]}`}${m[2] ?? ''}`;
  return /^(https?:|mailto:|\/|#)/i.test(href) ? href : '#';
}

const marked = new Marked({
  gfm: true,
  renderer: {
    heading({ tokens, depth }) {
      const inner = this.parser.parseInline(tokens);
      return `<h${depth} id="${headingId(inner)}">${inner}</h${depth}>\n`;
    },
    link({ href, tokens }) {
      return `<a href="${escapeHtml(docHref(href))}">${this.parser.parseInline(tokens)}</a>`;
    },
  },
});

/** The names of every page in docs/ (file names without `.md`), README first. */
export function listDocs(): string[] {
  if (!fs.existsSync(DOCS_DIR)) return [];
  return fs
    .readdirSync(DOCS_DIR)
    .filter((f) => f.endsWith('.md'))
    .map((f) => f.slice(0, -3))
    .filter((n) => n === 'README' || NAME.test(n))
    .sort((a, b) => (a === 'README' ? -1 : b === 'README' ? 1 : a.localeCompare(b)));
}

/** One page, or null when there is no such doc (names are checked, so no path leaves docs/). */
export function readDoc(name: string): DocPage | null {
  if (name !== 'README' && !NAME.test(name)) return null;
  const file = path.join(DOCS_DIR, `${name}.md`);
  if (!fs.existsSync(file)) return null;
  const text = fs.readFileSync(file, 'utf8');
  const title = /^#\s+(.+)$/m.exec(text)?.[1].trim() ?? name;
  return { name, title, html: marked.parse(text, { async: false }) as string };
}
