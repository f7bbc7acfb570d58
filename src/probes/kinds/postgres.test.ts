import pg from "pg";
import { describe, expect, it } from "vitest";
import { injectFault } from "../../faults/registry.ts";
import { useEnvironment } from "../../faults/testing.ts";
import { checkProbe } from "../registry.ts";

const environment = useEnvironment("p-postgres");

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: environment().services.postgres.directUrl });
  client.on("error", () => {});
  await client.connect();
  return client;
}

describe("postgres probe", () => {
  it("select-1: ok while PostgreSQL answers, and expect fail matches while its proxy is down", async () => {
    const descriptor = environment();
    expect(await checkProbe("postgres", { descriptor, params: { check: "select-1" } })).toMatchObject({ status: "ok", output: "SELECT 1" });
    const down = await injectFault("proxy.down", { descriptor, target: "postgres" });
    try {
      expect(await checkProbe("postgres", { descriptor, params: { check: "select-1", expect: "fail", timeoutMs: 1_000 } })).toMatchObject({ status: "ok", output: expect.stringMatching(/^error: /) });
    } finally {
      await down.revert();
    }
  });

  it("query: compares the one value a query returns", async () => {
    const descriptor = environment();
    expect(await checkProbe("postgres", { descriptor, params: { check: "query", sql: "SELECT 41 + 1", equals: 42 } })).toMatchObject({ status: "ok", output: 42 });
    expect(await checkProbe("postgres", { descriptor, params: { check: "query", sql: "SELECT 41 + 1", above: 42 } })).toMatchObject({ status: "fail" });
    expect(await checkProbe("postgres", { descriptor, params: { check: "query", sql: "SELECT 'x'" } })).toMatchObject({ status: "error", error: expect.stringContaining("not a number") });
  });

  it("long-queries and blocked-queries: a held lock and the query waiting on it", async () => {
    const descriptor = environment();
    const holder = await connect();
    const waiter = await connect();
    try {
      expect(await checkProbe("postgres", { descriptor, params: { check: "blocked-queries", equals: 0 } })).toMatchObject({ status: "ok" });
      await holder.query("BEGIN; LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
      const waiting = waiter.query("SELECT count(*) FROM orders").catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      expect(await checkProbe("postgres", { descriptor, params: { check: "blocked-queries", above: 0 } })).toMatchObject({ status: "ok", output: 1 });
      expect(await checkProbe("postgres", { descriptor, params: { check: "long-queries", olderThan: "1s", above: 0 } })).toMatchObject({ status: "ok" });
      expect(await checkProbe("postgres", { descriptor, params: { check: "long-queries", olderThan: "1m", equals: 0 } })).toMatchObject({ status: "ok" });
      await holder.query("ROLLBACK");
      await waiting;
    } finally {
      await holder.end();
      await waiter.end();
    }
  });

  it("connections: the share of max_connections in use", async () => {
    const result = await checkProbe("postgres", { descriptor: environment(), params: { check: "connections", belowPercentOfMax: 50 } });
    expect(result).toMatchObject({ status: "ok", output: { used: expect.any(Number), max: expect.any(Number) } });
  });
});
