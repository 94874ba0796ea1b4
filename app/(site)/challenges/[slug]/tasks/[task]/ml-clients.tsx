import { headers } from 'next/headers';
import { config } from '@/lib/config';

/**
 * For ML tools and notebooks: the task's Croissant metadata linked in the page's <head> (React
 * hoists the <link>), and the two lines that load the train table into pandas.
 */
export async function MlClients({ challenge, task }: { challenge: string; task: string }) {
  const h = await headers();
  const origin = (config().NEXTAUTH_URL ?? `${h.get('x-forwarded-proto') ?? 'http'}://${h.get('host') ?? 'localhost'}`).replace(/\/$/, '');
  const croissant = `/api/v1/challenges/${challenge}/tasks/${task}/croissant`;
  return (
    <>
      <link rel="alternate" type="application/ld+json" title="Croissant 1.0 metadata" href={croissant} />
      <p className="muted small" data-testid="python-client">
        From Python (pandas; <code>PODIUM_URL</code> and <code>PODIUM_TOKEN</code> from the environment, see the{' '}
        <a href="/docs/python-client">Python client</a>):
      </p>
      <pre className="small">
        <code>
          {`pip install ${origin}/client/python\n`}
          {`python -c 'from podium_client import Podium; print(Podium().load("${challenge}", "${task}", "train").head())'`}
        </code>
      </pre>
      <p className="muted small">
        Croissant 1.0 metadata for ML tools: <a href={croissant}>{croissant}</a> (its file links are signed for you and need no token).
      </p>
    </>
  );
}
