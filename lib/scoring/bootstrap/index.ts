/** "Who is better, and how sure": bootstrap intervals, paired tests, rank bands, track rank statistics. */
export { resampleWeights, DEFAULT_RESAMPLES, DEFAULT_MAX_BLOCKS, type ResamplePlan } from './resample-plan';
export { bootstrapInterval, bootstrapIntervals, bootstrapMeanInterval, quantile, INTERVAL_LEVEL, type Interval, type ClassRowsInput } from './interval';
export { classificationMetricNames, matchingMetricNames, isCountMetric, type CountMetric } from './class-stats';
export { pairedTest, mcnemarTest, SIGNIFICANCE_LEVEL, MCNEMAR_EXACT_BELOW, type PairedTestResult, type McNemarResult } from './paired-test';
export { rankBands, boardSignificance, type BandInput, type RankBand, type RowSignificance, type PairTest } from './rank-bands';
export { trackRankStats, type TrackRankStats, type TrackTeamResamples } from './track-rank-stats';
