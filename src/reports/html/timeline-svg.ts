import { formatMs } from "../../scoring/incident.ts";
import { escapeHtml, tag } from "./escape.ts";
import type { TimelineEntry, TimelineKind } from "./incident-timeline.ts";
import type { ResponseBand } from "./response-band.ts";

const LANES: readonly { readonly name: string; readonly kinds: readonly TimelineKind[] }[] = [
  { name: "Fault", kinds: ["injection", "fault-reverted"] },
  { name: "Detection", kinds: ["detection"] },
  { name: "Response", kinds: ["ack", "classify", "escalate", "status-update", "action", "hint"] },
  { name: "Resolution", kinds: ["resolve-claim", "recovery"] },
];

const WIDTH = 960;
const LEFT = 100;
const RIGHT = 24;
const AXIS_Y = 28;
const LINE_HEIGHT = 15;
/** A band this many times longer than the incident is cut at the incident's end: drawn to scale it would squeeze every marker into the left edge. */
const BAND_CUT_RATIO = 3;
const TICK_STEPS_MS = [100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 43_200_000, 86_400_000];

/** The time axis: from the injection (or earlier) to the last marker, or to the band's end when it is near. */
export function domainOf(entries: readonly TimelineEntry[], band: ResponseBand | undefined): { readonly fromMs: number; readonly toMs: number; readonly bandCut: boolean } {
  const times = entries.map((entry) => entry.afterMs);
  const fromMs = Math.min(0, ...times);
  const lastMs = Math.max(0, ...times);
  const bandCut = band !== undefined && lastMs > 0 && band.ms > lastMs * BAND_CUT_RATIO;
  const endMs = band === undefined || bandCut ? lastMs : Math.max(lastMs, band.ms);
  return { fromMs, toMs: Math.max(endMs * 1.06, fromMs + 1_000), bandCut };
}

/**
 * The incident as an SVG: a time axis from the injection, the response-time
 * band behind it, and one lane each for the fault, detection, the response
 * and resolution, each marker with its time and a tooltip. Labels that would
 * overlap go on a line of their own.
 */
export function timelineSvg(entries: readonly TimelineEntry[], band: ResponseBand | undefined): string {
  const { fromMs, toMs, bandCut } = domainOf(entries, band);
  const plotWidth = WIDTH - LEFT - RIGHT;
  const x = (ms: number) => round(LEFT + ((ms - fromMs) / (toMs - fromMs)) * plotWidth);
  const parts: string[] = [];
  let y = AXIS_Y + 8;
  for (const lane of LANES) {
    const { svg, height } = laneSvg(lane.name, entries.filter((entry) => lane.kinds.includes(entry.kind)), x, y);
    parts.push(svg);
    y += height;
  }
  const height = y + 6;
  const bandSvg = band === undefined ? "" : bandRect(band, x(0), x(Math.min(band.ms, toMs)), height, bandCut);
  const axis = axisSvg(fromMs, toMs, x, height);
  const title = tag("title", {}, escapeHtml(band === undefined ? "Incident timeline" : `Incident timeline against ${band.text}`));
  return tag("svg", { class: "timeline", xmlns: "http://www.w3.org/2000/svg", viewBox: `0 0 ${WIDTH} ${height}`, width: WIDTH, height, role: "img" }, title + bandSvg + axis + parts.join(""));
}

function bandRect(band: ResponseBand, x0: number, x1: number, height: number, cut: boolean): string {
  const label = cut ? `${band.text} → continues beyond the chart` : band.text;
  return tag(
    "g",
    { class: "band", "data-band-ms": band.ms, "data-band-width": round(x1 - x0) },
    tag("rect", { x: x0, y: AXIS_Y, width: round(x1 - x0), height: height - AXIS_Y }) + tag("text", { x: round(x1 - 4), y: height - 6, "text-anchor": "end" }, escapeHtml(label)),
  );
}

function axisSvg(fromMs: number, toMs: number, x: (ms: number) => number, height: number): string {
  const step = TICK_STEPS_MS.find((candidate) => (toMs - fromMs) / candidate <= 8) ?? TICK_STEPS_MS[TICK_STEPS_MS.length - 1]!;
  const ticks: string[] = [];
  for (let ms = Math.ceil(fromMs / step) * step; ms <= toMs; ms += step) {
    ticks.push(tag("line", { x1: x(ms), x2: x(ms), y1: AXIS_Y - 4, y2: height }) + tag("text", { x: x(ms), y: AXIS_Y - 8, "text-anchor": "middle" }, ms === 0 ? "0" : `+${escapeHtml(formatMs(ms))}`));
  }
  return tag("g", { class: "axis" }, tag("line", { x1: LEFT, x2: WIDTH - RIGHT, y1: AXIS_Y, y2: AXIS_Y }) + ticks.join(""));
}

function laneSvg(name: string, entries: readonly TimelineEntry[], x: (ms: number) => number, top: number): { svg: string; height: number } {
  const lineEnds: number[] = [];
  const markers = entries.map((entry) => {
    const at = x(entry.afterMs);
    const textWidth = [...entry.short].length * 6.6 + 10;
    // Near the right edge the label goes to the left of its marker.
    const flip = at + textWidth > WIDTH;
    const start = flip ? at - textWidth : at;
    let line = lineEnds.findIndex((end) => end < start);
    if (line < 0) line = lineEnds.push(0) - 1;
    lineEnds[line] = start + textWidth;
    const textY = top + 24 + line * LINE_HEIGHT;
    const tooltip = `+${formatMs(entry.afterMs)}: ${entry.label}`;
    return tag(
      "g",
      { class: `marker kind-${entry.kind} tone-${entry.tone}`, "data-kind": entry.kind, "data-after-ms": entry.afterMs, "data-x": at },
      tag("title", {}, escapeHtml(tooltip)) +
        tag("line", { x1: at, x2: at, y1: top + 8, y2: textY }) +
        tag("circle", { cx: at, cy: top + 10, r: 5 }) +
        tag("text", { x: round(flip ? at - 4 : at + 4), y: textY, "text-anchor": flip ? "end" : undefined }, escapeHtml(entry.short)),
    );
  });
  const height = 30 + Math.max(1, lineEnds.length) * LINE_HEIGHT;
  const label = tag("text", { class: "lane-name", x: 8, y: top + 14 }, escapeHtml(name));
  const rule = tag("line", { class: "lane-rule", x1: LEFT, x2: WIDTH - RIGHT, y1: top + height - 4, y2: top + height - 4 });
  return { svg: tag("g", { class: "lane" }, label + rule + markers.join("")), height };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
