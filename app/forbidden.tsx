import Link from 'next/link';

export default function Forbidden() {
  return (
    <div className="card">
      <h1>Not allowed</h1>
      <p>This page is for organizers. If you should be one, ask an organizer to add you.</p>
      <Link href="/">Back to challenges</Link>
    </div>
  );
}
