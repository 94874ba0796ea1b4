/** vitest's global setup for the unit and integration suite: after the last file, the migrated PostgreSQL template goes too. */
import { config } from '@/lib/config';
import { dropMigratedTemplate } from './testing';

export default function setup(): () => Promise<void> {
  return async () => {
    const url = config().TEST_DATABASE_URL;
    if (url) await dropMigratedTemplate(url);
  };
}
