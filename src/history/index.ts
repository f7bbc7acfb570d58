export { type ActorFacts, actorsOf, HISTORY_FORMAT, type HistoryRecord, historyRecordSchema, type RunContext, type RunMode, summarizeRun } from "./record.ts";
export { renderTrends } from "./render.ts";
export { parseSince } from "./since.ts";
export { type History, HISTORY_FILE, historyDir, historyFile, type HistoryOptions, parseHistory, readHistory, recordRun, type SkippedLine } from "./store.ts";
export { type Change, type Figures, filterRecords, type HistoryFilter, type Occasion, type TimeStats, type Trend, type Trends, trendsOf } from "./trends.ts";
