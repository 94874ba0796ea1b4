'use server';
import { z } from 'zod';
import { getDb } from '@/db';
import { boardCache } from '@/lib/leaderboard/board-cache';
import { setFinalSelection } from '@/lib/leaderboard/selections';
import { formAction } from '../../../../../../_lib/action';

export const toggleFinalSelection = formAction(
  { schema: z.object({ submissionId: z.string().min(1), selected: z.enum(['true', 'false']) }), who: 'user' },
  async (input, caller) => {
    const r = await setFinalSelection({ db: await getDb(), caller, submissionId: input.submissionId, selected: input.selected === 'true' });
    boardCache.clear();
    return { ok: true, data: { selected: r.selected, selectedCount: r.selectedCount, limit: r.limit } };
  },
);
