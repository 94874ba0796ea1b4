import { getDb } from '@/db';
import { requireCaller } from '@/lib/auth/caller';
import { getSubmissionForCaller, submissionJson } from '@/lib/submissions/queries';
import { apiRoute } from '../../../../_lib/api';

export const GET = apiRoute<{ id: string }>(async ({ caller, params }) => {
  const c = requireCaller(caller);
  return submissionJson(await getSubmissionForCaller({ db: await getDb(), caller: c, id: params.id }));
});
