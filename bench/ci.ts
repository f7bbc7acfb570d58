/**
 * `npm run bench:ci`: the whole drill suite as `firedrill ci` runs it, on
 * this machine — wall time, time per drill, time to detect by fault kind.
 * Targets: every drill together <= 90 s; median time to detect a hard-down
 * fault (a server or link gone: redis.stop, postgres.stop, proxy.down) <= 1 s.
 * BENCH_CI_PARALLEL (default 3, as `firedrill ci`) environments side by side.
 */
import { loadSources } from "../src/cli/commands/drill-sources.ts";
import { defaultDrillsDir } from "../src/drills/index.ts";
import { supervisedEnvironment } from "../src/engine/drill-environment.ts";
import { runSuite } from "../src/engine/suite.ts";
import { localBackend } from "../src/env/local/backend.ts";
import { supervise } from "../src/env/supervisor.ts";
import { automatedResponder } from "../src/responders/index.ts";
import { defaultRunbookPath } from "../src/runbook/index.ts";
import { envInt } from "./support/config.ts";

const HARD_DOWN = new Set(["redis.stop", "postgres.stop", "proxy.down"]);
const parallel = envInt("BENCH_CI_PARALLEL", 3);

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length === 0 ? Number.NaN : sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const { runbook, drills } = await loadSources({ drills: defaultDrillsDir(), runbook: defaultRunbookPath() });
const suite = await runSuite({
  drills: [...drills].sort((a, b) => a.id.localeCompare(b.id)),
  runbook,
  responder: () => automatedResponder(),
  parallel,
  environment: async (index) => {
    const supervised = await supervise({ name: `bench-ci-${index + 1}`, backend: localBackend({}) });
    return { environment: supervisedEnvironment(supervised), release: () => supervised.down() };
  },
});

console.log(`bench:ci — ${suite.runs.length} drills on ${parallel} environment(s), this machine (${(await import("node:os")).cpus().length} CPUs)\n`);
console.log("drill                                   outcome   time     TTD");
for (const run of suite.runs) {
  const ttd = run.score?.detection.timeToDetectMs;
  console.log(`${run.drill.id.padEnd(40)}${run.outcome.padEnd(10)}${seconds(run.durationMs).padStart(7)}  ${ttd === undefined ? "—" : `${Math.round(ttd)} ms`}`);
}
const byKind = new Map<string, number[]>();
for (const run of suite.runs) {
  const ttd = run.score?.detection.timeToDetectMs;
  const kinds = new Set(run.journal.flatMap((event) => (event.kind === "fault-injected" && event.error === undefined ? [event.faultKind] : [])));
  if (ttd !== undefined) for (const kind of kinds) byKind.set(kind, [...(byKind.get(kind) ?? []), ttd]);
}
console.log("\ntime to detect by fault kind (first expected probe to fire after injection)");
for (const [kind, values] of [...byKind].sort()) console.log(`  ${kind.padEnd(32)} n=${values.length}  median ${Math.round(median(values))} ms  max ${Math.round(Math.max(...values))} ms`);
const hardDown = [...byKind].filter(([kind]) => HARD_DOWN.has(kind)).flatMap(([, values]) => values);
const perDrill = suite.runs.map((run) => run.durationMs);
const passed = suite.runs.filter((run) => run.outcome === "passed").length;
console.log(`\nwall time, all drills:     ${seconds(suite.durationMs)}   (target <= 90 s: ${suite.durationMs <= 90_000 ? "met" : "MISSED"}; ratio ${(suite.durationMs / 90_000).toFixed(2)})`);
console.log(`per drill: median ${seconds(median(perDrill))}, max ${seconds(Math.max(...perDrill))}, sum ${seconds(perDrill.reduce((a, b) => a + b, 0))}`);
console.log(`hard-down TTD median:      ${Math.round(median(hardDown))} ms (n=${hardDown.length}; target <= 1000 ms: ${median(hardDown) <= 1_000 ? "met" : "MISSED"})`);
console.log(`drills passed:             ${passed}/${suite.runs.length}`);
for (const run of suite.runs.filter((each) => each.outcome !== "passed")) console.log(`  ${run.drill.id}: ${[run.error, ...(run.score?.verdict.failures ?? [])].filter(Boolean).join("; ")}`);
