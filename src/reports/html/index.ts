export { escapeHtml } from "./escape.ts";
export { incidentTimeline, type TimelineEntry, type TimelineKind, utcTimeOf } from "./incident-timeline.ts";
export { type HtmlReportInput, renderHtmlReport } from "./render-html-report.ts";
export { type ResponseBand, responseBandOf } from "./response-band.ts";
export { actorsOf } from "./responder-events.ts";
export { type Standing, standingsOf } from "./standings.ts";
