import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { injectFault } from "../registry.ts";
import { useEnvironment } from "../testing.ts";

const environment = useEnvironment("f-pg-lock");
let observer: pg.Client;

beforeAll(async () => {
  observer = new pg.Client({ connectionString: environment().services.postgres.directUrl });
  await observer.connect();
});
afterAll(() => observer.end());

const readOrders = async () => {
  await observer.query("SET statement_timeout = 500");
  return observer.query("SELECT count(*) FROM orders").then(
    () => "read",
    (error: Error) => error.message,
  );
};

describe("postgres.lock", () => {
  it("holds the table locked until reverted; reverting twice is safe", async () => {
    const descriptor = environment();
    const handle = await injectFault("postgres.lock", { descriptor, params: { table: "orders", mode: "ACCESS EXCLUSIVE", applicationName: "manual-migration" } });
    expect(handle.details).toMatchObject({ table: "orders", mode: "ACCESS EXCLUSIVE", applicationName: "manual-migration", pid: expect.any(Number) });
    expect(await readOrders()).toMatch(/statement timeout/);
    const { rows } = await observer.query("SELECT state FROM pg_stat_activity WHERE application_name = 'manual-migration'");
    expect(rows).toEqual([{ state: "idle in transaction" }]);

    await handle.revert();
    await handle.revert();
    expect(await readOrders()).toBe("read");
  });

  it("is reverted safely after a responder terminated the session", async () => {
    const handle = await injectFault("postgres.lock", { descriptor: environment(), params: { table: "orders" } });
    await observer.query("SELECT pg_terminate_backend($1)", [handle.details.pid]);
    await handle.revert();
    expect(await readOrders()).toBe("read");
  });

  it("refuses an unknown lock mode, listing the allowed ones, and a table that is not a name", async () => {
    const descriptor = environment();
    await expect(injectFault("postgres.lock", { descriptor, params: { table: "orders", mode: "EXCLUSIV" } })).rejects.toThrow(
      'params.mode: unknown lock mode "EXCLUSIV"; did you mean "EXCLUSIVE"? (allowed: ACCESS SHARE, ROW SHARE',
    );
    await expect(injectFault("postgres.lock", { descriptor, params: { table: "orders; DROP TABLE orders" } })).rejects.toThrow("params.table");
  });
});
