/** What the automated responder reads from the BFF's structured log (JSON lines: time, level, msg, fields). */
export interface LogRecord {
  readonly time: string;
  readonly level: string;
  readonly msg: string;
  readonly [field: string]: unknown;
}

export const EXTERNAL = ["salesforce", "whmcs", "freebit"] as const;
export type ExternalSystemName = (typeof EXTERNAL)[number];

export interface ExternalStats {
  readonly calls: number;
  readonly failures: number;
  /** failure kind (timeout, unreachable, http, auth, rejected, protocol, circuit-open) → count */
  readonly failureKinds: Readonly<Record<string, number>>;
  /** HTTP statuses of failed calls → count */
  readonly statuses: Readonly<Record<string, number>>;
  readonly p95Ms: number;
  readonly lastError?: string;
}

export interface LogStats {
  readonly lines: number;
  readonly external: Readonly<Record<ExternalSystemName, ExternalStats>>;
  readonly requests: { readonly total: number; readonly serverErrors: number; readonly unauthorized: number };
  /** 401s on signed-in routes by the customer the token named: a logged-out token still in use. */
  readonly unauthorizedByCustomer: Readonly<Record<string, { readonly count: number; readonly ips: readonly string[] }>>;
  readonly eventsReceived: number;
  /** When the last Platform Event arrived (epoch ms), if one did in the window. */
  readonly lastEventAtMs?: number;
  readonly eventErrors: readonly string[];
  readonly redisLost: number;
  readonly redisOom: number;
  readonly databaseErrors: number;
}

/** Parses JSON lines, keeping the records at or after `since` (unparseable lines are skipped: a BFF may log other things). */
export function parseLog(text: string, since: Date): LogRecord[] {
  const from = since.getTime();
  const records: LogRecord[] = [];
  for (const line of text.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const record = JSON.parse(line) as LogRecord;
      if (typeof record.time === "string" && Date.parse(record.time) >= from) records.push(record);
    } catch {
      // Not a structured line.
    }
  }
  return records;
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** The runbook's log diagnostics, counted: external calls and their durations, failures by kind, auth refusals, Platform Events. */
export function logStats(records: readonly LogRecord[]): LogStats {
  const external = Object.fromEntries(
    EXTERNAL.map((system) => {
      const calls = records.filter((record) => record.system === system && typeof record.operation === "string" && typeof record.duration === "number");
      const failed = calls.filter((record) => typeof record.failure === "string");
      const count = (values: unknown[]) => values.reduce<Record<string, number>>((counts, value) => ((counts[String(value)] = (counts[String(value)] ?? 0) + 1), counts), {});
      const stats: ExternalStats = {
        calls: calls.length,
        failures: failed.length,
        failureKinds: count(failed.map((record) => record.failure)),
        statuses: count(failed.flatMap((record) => (record.status === undefined ? [] : [record.status]))),
        p95Ms: percentile(calls.map((record) => record.duration as number), 95),
        ...(failed.length > 0 && { lastError: failed[failed.length - 1]!.msg }),
      };
      return [system, stats];
    }),
  ) as Record<ExternalSystemName, ExternalStats>;
  const http = records.filter((record) => record.component === "http" && typeof record.status === "number");
  const unauthorizedByCustomer: Record<string, { count: number; ips: string[] }> = {};
  for (const record of http) {
    if (record.status !== 401 || record.customerId === undefined) continue;
    const entry = (unauthorizedByCustomer[String(record.customerId)] ??= { count: 0, ips: [] });
    entry.count++;
    if (typeof record.ip === "string" && !entry.ips.includes(record.ip)) entry.ips.push(record.ip);
  }
  const events = records.filter((record) => record.msg.startsWith("Platform Event"));
  const received = events.filter((record) => record.msg.startsWith("Platform Event received"));
  return {
    lines: records.length,
    external,
    requests: { total: http.length, serverErrors: http.filter((record) => (record.status as number) >= 500).length, unauthorized: http.filter((record) => record.status === 401).length },
    unauthorizedByCustomer,
    eventsReceived: received.length,
    ...(received.length > 0 && { lastEventAtMs: Date.parse(received[received.length - 1]!.time) }),
    eventErrors: events.filter((record) => record.level === "error").map((record) => record.msg),
    redisLost: records.filter((record) => record.msg.startsWith("Redis connection lost") || /failing closed/.test(record.msg)).length,
    redisOom: records.filter((record) => /OOM command not allowed/.test(record.msg) || /OOM command not allowed/.test(String(record.error ?? ""))).length,
    databaseErrors: records.filter((record) => record.msg.startsWith("Prisma connection error")).length,
  };
}
