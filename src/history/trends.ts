import type { HistoryRecord, RunMode } from "./record.ts";

/** Which runs count. Every field narrows; none given: every run. */
export interface HistoryFilter {
  /** A drill's id. */
  readonly drill?: string;
  readonly team?: string;
  /** Runs this person responded in (and only their row in the people table). */
  readonly person?: string;
  readonly mode?: RunMode;
  /** Runs started at or after this time (epoch ms). */
  readonly sinceMs?: number;
}

/** A time over the runs that have it (a run nobody acknowledged has no MTTA). */
export interface TimeStats {
  readonly runs: number;
  readonly meanMs?: number;
  readonly medianMs?: number;
}

/** The figures of a set of runs. */
export interface Figures {
  readonly runs: number;
  readonly mttd: TimeStats;
  readonly mtta: TimeStats;
  readonly mttr: TimeStats;
  /** Mean of total/max over the scored runs, in percent. */
  readonly scorePct?: number;
}

/** A game day (its id) or, for runs outside game days, a calendar day (UTC). */
export interface Occasion extends Figures {
  readonly id: string;
  readonly kind: "gameday" | "date";
  /** The day (YYYY-MM-DD) of its first run. */
  readonly date: string;
  readonly people: readonly string[];
  readonly teams: readonly string[];
}

/** Last occasion less first: a negative time and a positive score are better. */
export interface Change {
  readonly scorePct?: number;
  readonly mttdMs?: number;
  readonly mttaMs?: number;
  readonly mttrMs?: number;
}

export interface Trend extends Figures {
  /** The person's or the team's name. */
  readonly name: string;
  /** Oldest first. */
  readonly occasions: readonly Occasion[];
  /** Only with two occasions or more. */
  readonly change?: Change;
}

export interface Trends {
  readonly runs: number;
  /** A person's MTTA is their own first response; MTTD, MTTR and the score are those of the runs they were in. */
  readonly people: readonly Trend[];
  /** Runs recorded with a team. */
  readonly teams: readonly Trend[];
  readonly occasions: readonly Occasion[];
}

export function filterRecords(records: readonly HistoryRecord[], filter: HistoryFilter = {}): HistoryRecord[] {
  return records.filter(
    (record) =>
      (filter.drill === undefined || record.drill === filter.drill) &&
      (filter.team === undefined || record.team === filter.team) &&
      (filter.mode === undefined || record.mode === filter.mode) &&
      (filter.sinceMs === undefined || Date.parse(record.startedAt) >= filter.sinceMs) &&
      (filter.person === undefined || record.actors.some((actor) => actor.name === filter.person)),
  );
}

/** Per person, per team and per occasion, over the runs the filter keeps. */
export function trendsOf(records: readonly HistoryRecord[], filter: HistoryFilter = {}): Trends {
  const runs = filterRecords(records, filter).sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
  const people = new Map<string, Sample[]>();
  const teams = new Map<string, Sample[]>();
  for (const record of runs) {
    for (const actor of record.actors) {
      if (filter.person !== undefined && actor.name !== filter.person) continue;
      push(people, actor.name, { record, ttaMs: actor.firstResponseMs });
    }
    if (record.team !== undefined) push(teams, record.team, { record, ttaMs: record.ttaMs });
  }
  return {
    runs: runs.length,
    people: [...people].map(([name, samples]) => trendOf(name, samples)).sort(byName),
    teams: [...teams].map(([name, samples]) => trendOf(name, samples)).sort(byName),
    occasions: occasionsOf(runs.map((record) => ({ record, ttaMs: record.ttaMs }))),
  };
}

interface Sample {
  readonly record: HistoryRecord;
  readonly ttaMs: number | undefined;
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

function push<T>(groups: Map<string, T[]>, key: string, value: T): void {
  const group = groups.get(key);
  if (group === undefined) groups.set(key, [value]);
  else group.push(value);
}

function trendOf(name: string, samples: readonly Sample[]): Trend {
  const occasions = occasionsOf(samples);
  const first = occasions[0];
  const last = occasions[occasions.length - 1];
  return { name, ...figuresOf(samples), occasions, ...(first !== undefined && last !== undefined && first !== last && { change: changeOf(first, last) }) };
}

/** Samples sorted oldest first in, occasions oldest first out. */
function occasionsOf(samples: readonly Sample[]): Occasion[] {
  const groups = new Map<string, Sample[]>();
  for (const sample of samples) push(groups, occasionKey(sample.record), sample);
  return [...groups.values()].map((group) => {
    const first = group[0]!.record;
    return {
      id: first.gameday ?? dayOf(first.startedAt),
      kind: first.gameday === undefined ? "date" : "gameday",
      date: dayOf(first.startedAt),
      people: [...new Set(group.flatMap((sample) => sample.record.actors.map((actor) => actor.name)))].sort(),
      teams: [...new Set(group.flatMap((sample) => (sample.record.team === undefined ? [] : [sample.record.team])))].sort(),
      ...figuresOf(group),
    };
  });
}

// A game day's id and a date never collide: they are keyed apart.
const occasionKey = (record: HistoryRecord) => (record.gameday === undefined ? `date:${dayOf(record.startedAt)}` : `gameday:${record.gameday}`);
const dayOf = (iso: string) => new Date(Date.parse(iso)).toISOString().slice(0, 10);

function figuresOf(samples: readonly Sample[]): Figures {
  const scores = samples.flatMap(({ record }) => (record.total !== undefined && record.max !== undefined && record.max > 0 ? [(100 * record.total) / record.max] : []));
  const scorePct = mean(scores);
  return {
    runs: samples.length,
    mttd: statsOf(samples.map(({ record }) => record.ttdMs)),
    mtta: statsOf(samples.map((sample) => sample.ttaMs)),
    mttr: statsOf(samples.map(({ record }) => record.ttrMs)),
    ...(scorePct !== undefined && { scorePct }),
  };
}

function statsOf(values: readonly (number | undefined)[]): TimeStats {
  const present = values.filter((value): value is number => value !== undefined);
  const meanMs = mean(present);
  const medianMs = median(present);
  return { runs: present.length, ...(meanMs !== undefined && { meanMs }), ...(medianMs !== undefined && { medianMs }) };
}

export function mean(values: readonly number[]): number | undefined {
  return values.length === 0 ? undefined : values.reduce((sum, value) => sum + value, 0) / values.length;
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function changeOf(first: Figures, last: Figures): Change {
  const diff = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : b - a);
  const entries = {
    scorePct: diff(first.scorePct, last.scorePct),
    mttdMs: diff(first.mttd.medianMs, last.mttd.medianMs),
    mttaMs: diff(first.mtta.medianMs, last.mtta.medianMs),
    mttrMs: diff(first.mttr.medianMs, last.mttr.medianMs),
  };
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined)) as Change;
}
