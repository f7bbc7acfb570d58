/** The report's only stylesheet, inlined: the file must open anywhere, offline, with nothing else beside it. */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1d2330; --muted: #5d6677; --line: #d7dbe3; --good: #1a7f37; --bad: #c0362c; --warn: #9a6700; --band: #e3f4e8; --accent: #3451b2; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1040px; padding: 24px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 24px; margin: 0 0 4px; } h2 { font-size: 19px; margin: 0 0 4px; } h3 { font-size: 15px; margin: 20px 0 6px; }
.sub, .meta { color: var(--muted); margin: 0 0 8px; }
section.drill { border-top: 3px solid var(--line); margin-top: 28px; padding-top: 16px; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { font-weight: 600; background: #f5f6f8; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 600; border-top: 2px solid var(--ink); }
ul.notes { margin: 0; padding-left: 18px; color: var(--muted); }
code { font: 12.5px/1.3 ui-monospace, "DejaVu Sans Mono", monospace; background: #f2f3f5; padding: 1px 4px; border-radius: 3px; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; background: var(--muted); vertical-align: middle; }
.badge.passed, .badge.taken, .badge.showed-fault, .badge.verified { background: var(--good); }
.badge.failed, .badge.missed, .badge.blind, .badge.error, .badge.false { background: var(--bad); }
.badge.invalid, .badge.interrupted, .badge.not-run, .badge.unverified { background: var(--warn); }
.score { font-size: 18px; font-weight: 700; margin-left: 8px; }
.muted, tr.not-required td { color: var(--muted); }
.run-error { color: var(--bad); white-space: pre-wrap; }
svg.timeline { display: block; max-width: 100%; height: auto; font: 11px system-ui, "DejaVu Sans", sans-serif; }
svg.timeline .band rect { fill: var(--band); }
svg.timeline .band text { fill: var(--good); font-weight: 600; }
svg.timeline .axis line { stroke: var(--line); } svg.timeline .axis text { fill: var(--muted); }
svg.timeline .lane-name { fill: var(--ink); font-weight: 600; }
svg.timeline .lane-rule { stroke: var(--line); stroke-dasharray: 2 3; }
svg.timeline .marker line { stroke: var(--muted); stroke-width: 1; }
svg.timeline .marker circle { fill: var(--accent); stroke: #fff; stroke-width: 1.5; }
svg.timeline .marker text { fill: var(--ink); }
svg.timeline .tone-good circle { fill: var(--good); } svg.timeline .tone-bad circle { fill: var(--bad); }
svg.timeline .kind-injection circle { fill: var(--bad); } svg.timeline .kind-fault-reverted circle { fill: var(--muted); }
details summary { cursor: pointer; color: var(--muted); }
`;
