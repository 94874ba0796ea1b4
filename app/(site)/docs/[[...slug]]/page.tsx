import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { listDocs, readDoc } from '@/lib/docs';

type Props = { params: Promise<{ slug?: string[] }> };

function pageFor(slug: string[] | undefined) {
  if (slug && slug.length > 1) return null;
  return readDoc(slug?.[0] ?? 'README');
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const doc = pageFor((await params).slug);
  return { title: doc ? `${doc.title} · docs` : 'Documentation' };
}

/** The documentation in docs/, rendered; the files are the organizers' own, so their markdown is trusted. */
export default async function DocsPage({ params }: Props) {
  const doc = pageFor((await params).slug);
  if (!doc) notFound();
  const pages = listDocs()
    .map((n) => readDoc(n))
    .filter((d): d is NonNullable<typeof d> => d !== null);
  return (
    <div className="docs">
      <nav className="docs-nav small" aria-label="Documentation">
        <ul>
          {pages.map((p) => (
            <li key={p.name}>
              {p.name === doc.name ? <strong>{p.title}</strong> : <Link href={p.name === 'README' ? '/docs' : `/docs/${p.name}`}>{p.title}</Link>}
            </li>
          ))}
        </ul>
      </nav>
      <article className="markdown" dangerouslySetInnerHTML={{ __html: doc.html }} />
    </div>
  );
}
