/**
 * The logic of AutoRefresh on board pages: ask for the board stamp (GET /api/v1/challenges/{c}/board-version,
 * one query) and refresh the page only when it moved. A failed poll (offline, a restart) changes nothing;
 * polls never overlap.
 */
export class StampPoller {
  private last: string | null;
  private busy = false;

  constructor(private readonly opts: { initial: string | null; fetchStamp: () => Promise<string>; onChange: (stamp: string) => void }) {
    this.last = opts.initial;
  }

  /** The page now shows this stamp (a refresh brought a newer page): it is what the next poll compares with. */
  showing(stamp: string) {
    this.last = stamp;
  }

  /** One poll; true when the stamp moved and onChange was called. */
  async tick(): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    try {
      const stamp = await this.opts.fetchStamp();
      if (stamp === this.last) return false;
      this.last = stamp;
      this.opts.onChange(stamp);
      return true;
    } catch {
      return false;
    } finally {
      this.busy = false;
    }
  }
}

export async function fetchBoardStamp(url: string): Promise<string> {
  const r = await fetch(url, { cache: 'no-store' });
  if (!r.ok) throw new Error(`${url}: ${r.status}`);
  const body = (await r.json()) as { stamp?: unknown };
  if (typeof body.stamp !== 'string') throw new Error(`${url}: no stamp`);
  return body.stamp;
}
