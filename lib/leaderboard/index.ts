/** Ranking, selection rules and track aggregation: pure functions over plain rows. */
export { rankRows, competitionRanks, compareScores, type Timestamp } from './rank-rows';
export { bestSubmission, finalSubmissionsFor, type ScoredSubmission, type SelectableSubmission, type FinalSelection } from './selection';
export { aggregateTrack, meanRankOf, missingTaskRank, metricBounds, trackRule, trackStandings, type MetricBounds, type TrackTask, type TrackTeam, type TrackRule, type TrackCell, type TrackRow } from './track';
export { publicBoard, privateBoard } from './boards';
