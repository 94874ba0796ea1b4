import { describe, expect, it } from 'vitest';
import { methodInputSchema } from './methods';

describe('method notes input', () => {
  it('normalizes tags: trimmed, lower case, no duplicates', () => {
    expect(methodInputSchema.parse({ notes: 'LightGBM on TF-IDF', tags: ' Gradient  Boosting, text embeddings,gradient boosting,, ' })).toEqual({
      notes: 'LightGBM on TF-IDF',
      tags: ['gradient boosting', 'text embeddings'],
    });
  });

  it('refuses too many or too long tags, naming the rule', () => {
    const nine = Array.from({ length: 9 }, (_, i) => `t${i}`).join(',');
    expect(methodInputSchema.safeParse({ tags: nine }).error?.issues[0].message).toBe('Use at most 8 tags.');
    expect(methodInputSchema.safeParse({ tags: 'x'.repeat(41) }).error?.issues[0].message).toBe('A tag has at most 40 characters.');
  });
});
