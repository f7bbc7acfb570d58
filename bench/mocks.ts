/**
 * Benchmark of the SaaS mocks (`npm run bench:mocks`): requests per second and
 * p50/p99 latency for WHMCS GetClients and a Salesforce REST query, and the
 * delay from publishing a Platform Event over REST to a long-polling
 * subscriber receiving it. The mocks run in a child process, as in an
 * environment; load comes from this one over keep-alive connections.
 *
 * Each request kind runs twice: a closed loop (BENCH_CONCURRENCY callers) for
 * the most requests per second, then an open loop at exactly 1,000 requests/s
 * for the latency at the target load. The mocks process's CPU time per request
 * is printed too: unlike latency, it barely depends on what else the machine
 * is running. Exit 0 whatever the figures (MISS is information), 1 when the
 * benchmark itself could not run.
 *
 * Targets: >= 1,000 requests/s with p99 <= 20 ms; event delivery p50 <= 20 ms.
 *
 * Knobs (environment): BENCH_SECONDS (5) per phase, BENCH_CONCURRENCY (8) for
 * the closed loop, BENCH_DELIVERIES (500), BENCH_MOCKS_NODE_ARGS (extra node
 * flags for the mocks process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
 */
import { fork } from "node:child_process";
import { createPrivateKey, createSign } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import { fileURLToPath } from "node:url";
import type { MocksDescriptor } from "../src/mocks/index.ts";
import { closedLoop, type HttpCall, openLoop, percentile, type Sample, send } from "./support/http-load.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const TARGET_RPS = 1_000;
const TARGET_P99_MS = 20;
const TARGET_DELIVERY_P50_MS = 20;
const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 500);

const nodeArgs = (process.env.BENCH_MOCKS_NODE_ARGS ?? "").split(" ").filter((arg) => arg !== "");
const child = fork(fileURLToPath(new URL("./support/mocks-process.ts", import.meta.url)), [], {
  execArgv: ["--import", "tsx", ...nodeArgs],
  stdio: ["ignore", "inherit", "inherit", "ipc"],
});
const descriptor = await new Promise<MocksDescriptor>((resolve, reject) => {
  child.once("message", (message) => resolve(message as MocksDescriptor));
  child.once("exit", (code) => reject(new Error(`mocks process exited with ${code} before it was ready`)));
});

/** The mocks process's user+system CPU time so far, in microseconds. */
function mocksCpuMicros(): Promise<number> {
  return new Promise((resolve) => {
    const onMessage = (message: unknown) => {
      const usage = (message as { cpuMicros?: NodeJS.CpuUsage }).cpuMicros;
      if (usage === undefined) return;
      child.off("message", onMessage);
      resolve(usage.user + usage.system);
    };
    child.on("message", onMessage);
    child.send("cpu");
  });
}

const fmt = (value: number) => value.toFixed(2).padStart(7);
const verdict = (ok: boolean) => (ok ? "PASS" : "MISS");
const lines: string[] = [];
let allPassed = true;

/** Server-side durations (request arrival to response end) the mocks journaled since `sinceMs`, for one system. */
async function journaledMs(system: string, sinceMs: number): Promise<number[]> {
  const response = await fetch(`${descriptor.mocks.controlUrl}/journal?system=${system}&since=${sinceMs}`);
  const { entries } = (await response.json()) as { entries: { durationMs: number }[] };
  return entries.map((entry) => entry.durationMs);
}

function report(name: string, throughput: Sample, atTarget: Sample, cpuMicrosPerRequest: number, serverMs: number[]): void {
  const rps = throughput.requests / throughput.seconds;
  const p50 = percentile(atTarget.latenciesMs, 0.5);
  const p99 = percentile(atTarget.latenciesMs, 0.99);
  const ok = rps >= TARGET_RPS && p99 <= TARGET_P99_MS && throughput.errors + atTarget.errors === 0;
  allPassed &&= ok;
  lines.push(
    `${name.padEnd(28)} max ${rps.toFixed(0).padStart(6)} req/s (c=${CONCURRENCY}: p50 ${fmt(percentile(throughput.latenciesMs, 0.5))} ms, p99 ${fmt(percentile(throughput.latenciesMs, 0.99))} ms)` +
      ` | at ${TARGET_RPS} req/s: p50 ${fmt(p50)} ms, p99 ${fmt(p99)} ms | errors ${throughput.errors + atTarget.errors} | ${verdict(ok)}`,
    `${"".padEnd(28)} mocks CPU ${cpuMicrosPerRequest.toFixed(0)} µs/request (≈ ${(1e6 / cpuMicrosPerRequest).toFixed(0)} req/s per core);` +
      ` at ${TARGET_RPS} req/s as the mocks journaled it: p50 ${fmt(percentile(serverMs, 0.5))} ms, p99 ${fmt(percentile(serverMs, 0.99))} ms`,
  );
}

const progress = (text: string) => process.stderr.write(`bench:mocks: ${text}\n`);

async function measure(name: string, system: string, call: HttpCall): Promise<void> {
  progress(`${name}…`);
  await closedLoop(call, CONCURRENCY, 1); // warm-up: JIT, connections
  const cpuBefore = await mocksCpuMicros();
  const throughput = await closedLoop(call, CONCURRENCY, SECONDS);
  const cpuMicrosPerRequest = ((await mocksCpuMicros()) - cpuBefore) / throughput.requests;
  const openedMs = Date.now();
  const atTarget = await openLoop(call, TARGET_RPS, SECONDS);
  report(name, throughput, atTarget, cpuMicrosPerRequest, await journaledMs(system, openedMs));
}

async function salesforceToken(): Promise<string> {
  const sf = descriptor.services.salesforce;
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const input = `${b64({ alg: "RS256" })}.${b64({ iss: sf.consumerKey, sub: sf.username, aud: sf.loginUrl, exp: Math.floor(Date.now() / 1000) + 180 })}`;
  const assertion = `${input}.${createSign("RSA-SHA256").update(input).sign(createPrivateKey(readFileSync(sf.privateKeyPath)), "base64url")}`;
  const response = await fetch(`${sf.url}/services/oauth2/token`, { method: "POST", body: new URLSearchParams({ grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion }) });
  return ((await response.json()) as { access_token: string }).access_token;
}

/** A long-polling subscriber (handshake, subscribe, connect loop) and a REST publisher; one event in flight at a time. */
async function measureDelivery(token: string): Promise<void> {
  progress("event delivery…");
  const sf = descriptor.services.salesforce;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const cometd = new URL(`${sf.url}/cometd/${sf.apiVersion}`);
  let cookie = "";
  const bayeux = async (messages: object[]) => {
    const { body } = await send(agent, { url: cometd, method: "POST", headers: { Authorization: `OAuth ${token}`, "Content-Type": "application/json", Cookie: cookie }, body: JSON.stringify(messages), expectStatus: 200 });
    return JSON.parse(body) as any[];
  };
  const handshake = await fetch(cometd, { method: "POST", headers: { Authorization: `OAuth ${token}`, "Content-Type": "application/json" }, body: JSON.stringify([{ channel: "/meta/handshake", version: "1.0", supportedConnectionTypes: ["long-polling"] }]) });
  cookie = (handshake.headers.get("set-cookie") ?? "").split(";")[0]!;
  const clientId = ((await handshake.json()) as any[])[0].clientId as string;
  const channel = "/event/OrderProvisionRequested__e";
  await bayeux([{ channel: "/meta/subscribe", clientId, subscription: channel }]);

  const waiting = new Map<string, (receivedAt: number) => void>();
  let running = true;
  let pollError: unknown;
  const poll = (async () => {
    while (running) {
      for (const message of await bayeux([{ channel: "/meta/connect", clientId, connectionType: "long-polling" }])) {
        const tag = message.data?.payload?.Order_Id__c as string | undefined;
        if (tag !== undefined) waiting.get(tag)?.(performance.now());
      }
    }
  })().catch((error: unknown) => {
    pollError = error;
  });
  const publish: HttpCall = {
    url: new URL(`${sf.url}/services/data/v${sf.apiVersion}/sobjects/OrderProvisionRequested__e`),
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    expectStatus: 201,
  };
  const delaysMs: number[] = [];
  let lost = 0;
  for (let index = 0; index < DELIVERIES + 20 && pollError === undefined; index++) {
    const tag = `801Dr${String(index).padStart(10, "0")}AAA`;
    const received = new Promise<number | undefined>((resolve) => {
      waiting.set(tag, resolve);
      setTimeout(() => resolve(undefined), 5_000).unref();
    });
    const sent = performance.now();
    const published = await send(agent, { ...publish, body: JSON.stringify({ Order_Id__c: tag }) });
    if (published.status !== 201) throw new Error(`event delivery: publishing answered ${published.status} ${published.body.slice(0, 200)}`);
    const receivedAt = await received;
    waiting.delete(tag);
    if (receivedAt === undefined && ++lost >= 5) throw new Error(`event delivery: ${lost} events published but not received within 5 s each`);
    if (receivedAt !== undefined && index >= 20) delaysMs.push(receivedAt - sent); // the first 20 warm up
  }
  if (pollError !== undefined) throw new Error(`event delivery: the subscriber's long poll failed: ${String(pollError)}`);
  running = false;
  await send(agent, { ...publish, body: JSON.stringify({ Order_Id__c: "stop" }) });
  await poll;
  agent.destroy();
  const p50 = percentile(delaysMs, 0.5);
  const ok = p50 <= TARGET_DELIVERY_P50_MS && lost === 0;
  allPassed &&= ok;
  lines.push(
    `${"event delivery (REST→sub)".padEnd(28)} ${delaysMs.length} events: p50 ${fmt(p50)} ms, p99 ${fmt(percentile(delaysMs, 0.99))} ms, max ${fmt(Math.max(...delaysMs))} ms | lost ${lost} | ${verdict(ok)}`,
  );
}

let failed = false;
try {
  const { whmcs } = descriptor.services;
  await measure("WHMCS GetClients", "whmcs", {
    url: new URL(whmcs.url),
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ action: "GetClients", responsetype: "json", identifier: whmcs.identifier, secret: whmcs.secret }).toString(),
    expectStatus: 200,
  });
  const token = await salesforceToken();
  const soql = "SELECT Id, Status, Plan_Code__c, Account.Name FROM Order WHERE Status = 'Pending Review' ORDER BY Id";
  await measure("Salesforce REST query", "salesforce", {
    url: new URL(`${descriptor.services.salesforce.url}/services/data/v62.0/query?q=${encodeURIComponent(soql)}`),
    method: "GET",
    headers: { Authorization: `Bearer ${token}` },
    expectStatus: 200,
  });
  await measureDelivery(token);
  const [load1] = os.loadavg();
  console.log(`mocks benchmark (${SECONDS}s per phase, Node ${process.version}, mocks in a child process, ${os.cpus().length} CPUs, load average ${load1!.toFixed(2)})`);
  console.log(`targets: >= ${TARGET_RPS} req/s with p99 <= ${TARGET_P99_MS} ms; event delivery p50 <= ${TARGET_DELIVERY_P50_MS} ms`);
  for (const line of lines) console.log(line);
  console.log(allPassed ? "all targets met" : "some targets missed (MISS above)");
} catch (error) {
  failed = true;
  console.error(`bench:mocks failed: ${(error as Error)?.stack ?? String(error)}`);
} finally {
  child.disconnect();
}
// MISS is information, not failure: exit 1 only when the benchmark itself could not run.
process.exitCode = failed ? 1 : 0;
