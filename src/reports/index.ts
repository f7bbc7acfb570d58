export { type ConsoleOptions, renderConsole } from "./console.ts";
export { JSON_REPORT_FORMAT, jsonReportOf, renderJson } from "./json.ts";
export { renderJunit } from "./junit.ts";
export { renderMarkdown } from "./markdown.ts";
export { parseReporters, type Reporter, type ReporterName, REPORTERS, reporterOf } from "./registry.ts";
export { writeFileAtomic } from "./write-atomic.ts";
export { DEFAULT_OUT_DIR, type WriteReportsOptions, type WrittenReport, writeReports } from "./write-reports.ts";
