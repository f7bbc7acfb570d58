import { readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { loadSources } from "../src/cli/commands/drill-sources.ts";
import { defaultDrillsDir } from "../src/drills/index.ts";
import { type DrillEnvironment } from "../src/engine/drill-environment.ts";
import { runDrill } from "../src/engine/run-drill.ts";
import { Interrupted } from "../src/engine/waits.ts";
import { controlOperator } from "../src/faults/operator.ts";
import { PHASES, type Phase } from "../src/journal/events.ts";
import { redisPing } from "../src/env/health.ts";
import { automatedResponder } from "../src/responders/index.ts";
import { defaultRunbookPath } from "../src/runbook/index.ts";
import { useEnvironment } from "../src/faults/testing.ts";

const environment = useEnvironment("intr", { portal: true });
const sources = loadSources({ drills: defaultDrillsDir(), runbook: defaultRunbookPath() });

function drillEnvironment(): DrillEnvironment {
  const descriptor = environment();
  return { descriptor: () => environment(), operator: controlOperator(descriptor), baseOverrides: { ...(descriptor.target?.overrides ?? {}) }, baseVariables: { ...descriptor.env } };
}

/** Everything a drill could have left behind: toxics, disabled proxies, mock faults, stopped servers, held locks. */
async function leftovers(): Promise<string[]> {
  const descriptor = environment();
  const found: string[] = [];
  const proxies = (await (await fetch(`${descriptor.proxy.apiUrl}/proxies`)).json()) as Record<string, { enabled: boolean; toxics: unknown[] }>;
  for (const [name, proxy] of Object.entries(proxies)) {
    if (!proxy.enabled) found.push(`proxy ${name} disabled`);
    if (proxy.toxics.length > 0) found.push(`proxy ${name} has ${proxy.toxics.length} toxic(s)`);
  }
  const faults = (await (await fetch(`${descriptor.mocks.controlUrl}/faults`)).json()) as unknown[] | { faults: unknown[] };
  const active = Array.isArray(faults) ? faults : faults.faults;
  if (active.length > 0) found.push(`${active.length} mock fault(s) active`);
  if ((await redisPing(descriptor.services.redis.directUrl).catch(() => "down")) !== "PONG") found.push("redis down");
  const client = new pg.Client({ connectionString: descriptor.services.postgres.directUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ application_name: string; count: number }>(
      "SELECT application_name, count(*)::int AS count FROM pg_stat_activity WHERE backend_type = 'client backend' AND application_name NOT IN ('customer-portal', '') AND pid <> pg_backend_pid() GROUP BY 1",
    );
    for (const row of rows) found.push(`${row.count} PostgreSQL session(s) of "${row.application_name}"`);
  } finally {
    await client.end();
  }
  return found;
}

/** The traffic's SLI file stops growing once the drill has ended. */
async function trafficStopped(): Promise<boolean> {
  const file = path.join(environment().stateDir, "traffic", "sli.jsonl");
  const before = await readFile(file, "utf8").catch(() => "");
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  return (await readFile(file, "utf8").catch(() => "")) === before;
}

const INTERRUPTIBLE = PHASES.filter((phase): phase is Exclude<Phase, "rollback"> => phase !== "rollback");

describe("a drill interrupted at each phase leaves nothing injected and nothing running", () => {
  for (const drillId of ["whmcs-down", "postgres-long-lock"]) {
    for (const phase of INTERRUPTIBLE) {
      it(`${drillId}, interrupted as "${phase}" starts`, async () => {
        const { runbook, drills } = await sources;
        const drill = drills.find((candidate) => candidate.id === drillId)!;
        const controller = new AbortController();
        const run = await runDrill({
          drill,
          runbook,
          environment: drillEnvironment(),
          responder: automatedResponder(),
          signal: controller.signal,
          onEvent: (event) => {
            if (event.kind === "phase" && event.phase === phase && event.status === "started") controller.abort(new Interrupted("SIGINT (test)"));
          },
        });
        expect(run.outcome).toBe("interrupted");
        const kinds = run.journal.map((event) => (event.kind === "phase" ? `${event.phase}:${event.status}` : event.kind));
        expect(kinds).toContain("rollback:completed");
        expect(run.journal.at(-1)).toMatchObject({ kind: "end", reason: "interrupted" });
        const injected = run.journal.filter((event) => event.kind === "fault-injected" && event.error === undefined).length;
        const reverted = run.journal.filter((event) => event.kind === "fault-reverted" && event.error === undefined).length;
        expect(reverted).toBe(injected);
        expect(await leftovers()).toEqual([]);
        expect(await trafficStopped()).toBe(true);
      }, 90_000);
    }
  }
});
