import pg from "pg";
import { asPortalRole } from "../../env/local/wiring.ts";
import { describe, expect, it } from "vitest";
import { injectFault } from "../registry.ts";
import { useEnvironment } from "../testing.ts";

const environment = useEnvironment("f-pg-hog");

async function tryConnect(): Promise<string> {
  const client = new pg.Client({ connectionString: environment().services.postgres.directUrl, connectionTimeoutMillis: 3_000 });
  client.on("error", () => {});
  try {
    await client.connect();
    return "connected";
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

async function heldBy(observer: pg.Client, applicationName: string): Promise<Record<string, number>> {
  const { rows } = await observer.query<{ state: string; count: number }>("SELECT state, count(*)::int AS count FROM pg_stat_activity WHERE application_name = $1 GROUP BY state", [applicationName]);
  return Object.fromEntries(rows.map((row) => [row.state, row.count]));
}

describe("postgres.connection-exhaustion", () => {
  it("holds every connection until reverted: new clients are refused; reverting twice is safe", async () => {
    const descriptor = environment();
    const observer = new pg.Client({ connectionString: descriptor.services.postgres.directUrl });
    await observer.connect();
    try {
      const handle = await injectFault("postgres.connection-exhaustion", { descriptor, params: { applicationName: "nightly-report", leaveReserved: false } });
      const held = handle.details.held as number;
      expect(held).toBeGreaterThan(10);
      expect(await heldBy(observer, "nightly-report")).toEqual({ "idle in transaction": held });
      expect(await tryConnect()).toMatch(/too many clients|reserved for/);

      await handle.revert();
      await handle.revert();
      expect(await heldBy(observer, "nightly-report")).toEqual({});
      expect(await tryConnect()).toBe("connected");
    } finally {
      await observer.end();
    }
  });

  it("with leaveReserved, a superuser still gets in; terminatePortalConnections ends the portal's sessions and keeps it out", async () => {
    const descriptor = environment();
    // As the BFF connects: its own role, not a superuser.
    const other = new pg.Client({ connectionString: asPortalRole(descriptor.services.postgres.directUrl), application_name: "customer-portal" });
    other.on("error", () => {});
    await other.connect();
    const handle = await injectFault("postgres.connection-exhaustion", { descriptor, params: { state: "idle", leaveReserved: true, terminatePortalConnections: true } });
    try {
      expect(handle.details).toMatchObject({ state: "idle", terminated: 1 });
      await expect(other.query("SELECT 1")).rejects.toThrow();
      expect(await tryConnect()).toBe("connected");
      const again = new pg.Client({ connectionString: asPortalRole(descriptor.services.postgres.directUrl), application_name: "customer-portal" });
      again.on("error", () => {});
      await expect(again.connect()).rejects.toMatchObject({ code: "53300" });
      await again.end().catch(() => {});
    } finally {
      await handle.revert();
      await other.end().catch(() => {});
    }
  });
});
