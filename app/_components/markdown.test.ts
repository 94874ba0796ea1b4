import { describe, expect, it } from 'vitest';
import { isOwnOrigin, Markdown } from './markdown';

const html = (text: string) => (Markdown({ text }).props as { dangerouslySetInnerHTML: { __html: string } }).dangerouslySetInnerHTML.__html;

describe('organizer markdown', () => {
  it('shows images from this site only (no tracking pixels)', () => {
    expect(html('![chart](/static/chart.png)')).toContain('<img src="/static/chart.png" alt="chart"');
    for (const src of ['https://tracker.example/p.gif', '//tracker.example/p.gif', '/\\tracker.example/p.gif', 'data:image/svg+xml,<svg/>']) {
      const out = html(`![pixel](${src})`);
      expect(out, src).not.toContain('<img');
      expect(out).toContain('[image: pixel]');
    }
    expect(isOwnOrigin('images/x.png')).toBe(true);
    expect(isOwnOrigin('HTTPS://x')).toBe(false);
  });
});
