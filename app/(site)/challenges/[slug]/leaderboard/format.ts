export { formatMetric as fmtScore } from '../../../../_components/metric-value';

export const baselineStyle = { background: '#f3f0ff' } as const;
