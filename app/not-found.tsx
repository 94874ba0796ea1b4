import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="card">
      <h1>Not found</h1>
      <p>There is nothing here.</p>
      <Link href="/">Back to challenges</Link>
    </div>
  );
}
