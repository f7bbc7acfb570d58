/**
 * Durations as people write them, in drills (`5s`, `1m30s`, `250ms`) and in
 * runbooks (`15 minutes`, `1 hour`, `24 hours`), to milliseconds.
 */
const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  millisecond: 1,
  s: 1_000,
  sec: 1_000,
  second: 1_000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hour: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
};

const PART = /(\d+(?:\.\d+)?)\s*([a-z]+)/gy;
const SEPARATOR = /(?:\s*,\s*|\s+and\s+|\s*)/y;

/** `1m30s` → 90000, `1 hour` → 3600000; undefined when the text is not a duration. */
export function parseDurationMs(text: string): number | undefined {
  const source = text.trim().toLowerCase();
  if (source === "") return undefined;
  let total = 0;
  let index = 0;
  while (index < source.length) {
    PART.lastIndex = index;
    const match = PART.exec(source);
    if (match === null) return undefined;
    const unitMs = unitOf(match[2] ?? "");
    if (unitMs === undefined) return undefined;
    total += Number(match[1]) * unitMs;
    index = PART.lastIndex;
    SEPARATOR.lastIndex = index;
    SEPARATOR.exec(source);
    index = SEPARATOR.lastIndex;
  }
  return Math.round(total);
}

function unitOf(word: string): number | undefined {
  const exact = UNIT_MS[word];
  if (exact !== undefined) return exact;
  // Plurals: "minutes", "hrs", "secs".
  return word.endsWith("s") ? UNIT_MS[word.slice(0, -1)] : undefined;
}

/** 90000 → `1m30s`, 250 → `250ms`: the shortest exact compact form. */
export function formatDurationMs(ms: number): string {
  if (ms === 0) return "0s";
  if (!Number.isInteger(ms) || ms % 1_000 !== 0) return `${ms}ms`;
  let rest = ms / 1_000;
  let text = "";
  for (const [unit, seconds] of [["h", 3600], ["m", 60], ["s", 1]] as const) {
    const count = Math.floor(rest / seconds);
    if (count > 0) text += `${count}${unit}`;
    rest -= count * seconds;
  }
  return text;
}
