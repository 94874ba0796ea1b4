import { PodiumError } from '@/lib/errors';
import { apiEnv, apiRequest } from './api-client';
import type { Command } from './types';

export const join: Command = {
  summary: '<challenge>   accept the rules and join, through the API',
  async run({ positionals }) {
    const [challenge] = positionals;
    if (!challenge || positionals.length > 1) throw new PodiumError('bad_request', 'usage: podium join <challenge>');
    const { json } = await apiRequest<{ challenge?: string; created?: boolean }>({
      env: apiEnv(),
      method: 'POST',
      path: `/api/v1/challenges/${encodeURIComponent(challenge)}/join`,
    });
    console.log(`Joined ${json.challenge ?? challenge}${json.created === false ? ' (already a member)' : ''}`);
  },
};
