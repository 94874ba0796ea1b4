import { describe, expect, it } from 'vitest';
import { formatInterval, formatMetricValue, metricLabel } from './labels';
import { metrics } from './index';

describe('metric labels and number format', () => {
  it('names every registered metric as people write it', () => {
    expect(metricLabel('macro_f1')).toBe('Macro F1');
    expect(metricLabel('log_loss')).toBe('Log loss');
    for (const m of metrics) expect(metricLabel(m.name)).not.toContain('_');
    expect(metricLabel('some_new_metric')).toBe('Some new metric');
  });
  it('prints one format per metric: "1.0000" beside "0.8413", never "1" or 5 digits', () => {
    expect(formatMetricValue('accuracy', 1)).toBe('1.0000');
    expect(formatMetricValue('accuracy', 0.841269)).toBe('0.8413');
    expect(formatMetricValue('log_loss', 0.5)).toBe('0.5000');
    expect(formatMetricValue('accuracy', null)).toBe('—');
    expect(formatMetricValue('accuracy', NaN, { empty: '' })).toBe('');
    expect(formatInterval('accuracy', [1, 1])).toBe('1.0000–1.0000');
  });
});
