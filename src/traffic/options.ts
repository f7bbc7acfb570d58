import { FiredrillError } from "../errors.ts";
import { systemClock, type TrafficClock } from "./clock.ts";
import { isLoopbackUrl } from "./loopback.ts";
import type { OrderEventSink } from "./publisher.ts";
import { type Account, PENDING_REVIEW_ORDERS, SEED_PASSWORD, SEEDED_ACCOUNTS, type SeededOrder } from "./seed.ts";
import type { SliWindowLine } from "./sli/lines.ts";

export interface TrafficOptions {
  /** The portal, e.g. http://127.0.0.1:4000. Loopback only. */
  readonly targetUrl: string;
  /** Requests offered per second (open loop). Default 10. */
  readonly rps?: number;
  /** Default 30 000. */
  readonly durationMs?: number;
  /** Virtual customers; each has at most one request in flight, and at the start each logs in first. Default 20. */
  readonly customers?: number;
  /** Default 64. */
  readonly maxInFlight?: number;
  /** Arrivals that may wait for a free customer before the next ones are dropped. Default 1 000. */
  readonly maxQueued?: number;
  /** Per request; an arrival waiting this long for a customer is dropped too. Default 5 000. */
  readonly timeoutMs?: number;
  /** Page views between login and logout. Default 20. */
  readonly pagesPerSession?: number;
  /** How long a customer keeps its order stream; 0 opens none. Default 10 000. */
  readonly streamHoldMs?: number;
  /** Streams open at once across customers. Default: one per customer. */
  readonly maxStreams?: number;
  /** Default: the seed's 18 active customers, shared round-robin by the virtual customers. */
  readonly accounts?: readonly Account[];
  /** Default: the seed's drill-password-1. */
  readonly password?: string;
  /** Salesforce's side: publish OrderProvisionRequested__e for these orders (default: the seed's six Pending Review orders) at this rate (default 0.5/s). */
  readonly events?: { readonly sink: OrderEventSink; readonly ratePerSecond?: number; readonly orders?: readonly SeededOrder[] };
  /** Where sli.jsonl is written; without it, SLIs stay in memory. */
  readonly outDir?: string;
  /** The environment's name, written in sli.jsonl. Default "default". */
  readonly name?: string;
  /** Default 1 000. */
  readonly windowMs?: number;
  /** Rolling views written with each window. Default [10 000, 20 000, 30 000] (the drills' probes look at 10 s and 20 s). */
  readonly rollingMs?: readonly number[];
  /** Closed windows kept in memory for sli({windowMs}). Default: enough for the longest rolling view, and at least 60. */
  readonly retainWindows?: number;
  readonly clock?: TrafficClock;
  /** Each window's line as it closes (the CLI prints progress from this). */
  readonly onWindow?: (line: SliWindowLine) => void;
}

export type ResolvedTrafficOptions = Required<Omit<TrafficOptions, "events" | "outDir" | "onWindow">> & Pick<TrafficOptions, "outDir" | "onWindow"> & {
  readonly events: { readonly sink: OrderEventSink; readonly ratePerSecond: number; readonly orders: readonly SeededOrder[] } | undefined;
};

const HOUR_MS = 3_600_000;

/** Fills in defaults and checks every bound; throws CONFIG_INVALID listing every problem at once. */
export function resolveTrafficOptions(options: TrafficOptions): ResolvedTrafficOptions {
  const problems: string[] = [];
  const number = (name: keyof TrafficOptions, fallback: number, min: number, max: number, integer = true): number => {
    const value = (options[name] as number | undefined) ?? fallback;
    if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      problems.push(`${name} must be ${integer ? "a whole number" : "a number"} from ${min} to ${max}, got ${String(value)}`);
      return fallback;
    }
    return value;
  };
  if (!isLoopbackUrl(options.targetUrl)) problems.push(`targetUrl must be an http:// URL on loopback (127.0.0.1, ::1, localhost), got "${options.targetUrl}"`);
  const customers = number("customers", 20, 1, 10_000);
  const windowMs = number("windowMs", 1_000, 100, 60_000);
  const rollingMs = options.rollingMs ?? [10_000, 20_000, 30_000];
  for (const ms of rollingMs) if (!(ms >= windowMs && ms <= HOUR_MS)) problems.push(`rollingMs entries must be from windowMs (${windowMs}) to ${HOUR_MS}, got ${ms}`);
  const longest = Math.max(0, ...rollingMs.filter((ms) => ms <= HOUR_MS));
  let events: ResolvedTrafficOptions["events"];
  if (options.events !== undefined) {
    const ratePerSecond = options.events.ratePerSecond ?? 0.5;
    if (!(ratePerSecond >= 0.001 && ratePerSecond <= 1_000)) problems.push(`events.ratePerSecond must be from 0.001 to 1000, got ${ratePerSecond}`);
    events = { sink: options.events.sink, ratePerSecond, orders: options.events.orders ?? PENDING_REVIEW_ORDERS };
  }
  const resolved: ResolvedTrafficOptions = {
    targetUrl: options.targetUrl.replace(/\/+$/, ""),
    rps: number("rps", 10, 0.001, 10_000, false),
    durationMs: number("durationMs", 30_000, 1, 24 * HOUR_MS),
    customers,
    maxInFlight: number("maxInFlight", 64, 1, 10_000),
    maxQueued: number("maxQueued", 1_000, 0, 100_000),
    timeoutMs: number("timeoutMs", 5_000, 1, 600_000),
    pagesPerSession: number("pagesPerSession", 20, 3, 100_000),
    streamHoldMs: number("streamHoldMs", 10_000, 0, 24 * HOUR_MS),
    maxStreams: number("maxStreams", customers, 0, 10_000),
    accounts: options.accounts ?? SEEDED_ACCOUNTS,
    password: options.password ?? SEED_PASSWORD,
    events,
    outDir: options.outDir,
    name: options.name ?? "default",
    windowMs,
    rollingMs,
    retainWindows: number("retainWindows", Math.max(60, Math.ceil(longest / windowMs)), 1, 86_400),
    clock: options.clock ?? systemClock,
    onWindow: options.onWindow,
  };
  if (resolved.accounts.length === 0) problems.push("accounts must name at least one customer who can log in");
  if (problems.length > 0) throw new FiredrillError("CONFIG_INVALID", `traffic: ${problems.length} invalid option${problems.length === 1 ? "" : "s"}:\n  - ${problems.join("\n  - ")}`);
  return resolved;
}

/** "30s", "1500ms", "2m", "1h", or a bare number of seconds → milliseconds. */
export function parseDuration(text: string | number): number {
  if (typeof text === "number") return text * 1_000;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (match === null) throw new FiredrillError("CONFIG_INVALID", `traffic: duration "${text}" is not a duration; use e.g. 30s, 1500ms, 2m or 1h`);
  const scale = { ms: 1, s: 1_000, m: 60_000, h: HOUR_MS }[(match[2] ?? "s") as "ms" | "s" | "m" | "h"];
  return Math.round(Number(match[1]) * scale);
}
