import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAction } from "../../actions/registry.ts";
import { injectFault } from "../registry.ts";
import { useEnvironment } from "../testing.ts";

const environment = useEnvironment("f-sec-exfil", { portal: true });
let db: pg.Client;
beforeAll(async () => {
  db = new pg.Client({ connectionString: environment().services.postgres.directUrl });
  await db.connect();
});
afterAll(() => db.end());

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The session's reads in audit_events: [all, distinct customers]. */
const reads = async (jti: unknown) => {
  const { rows } = await db.query("SELECT count(*) AS n, count(DISTINCT subject) AS d FROM audit_events WHERE action LIKE 'customer.read%' AND details->>'jti' = $1", [jti]);
  return [Number(rows[0].n), Number(rows[0].d)] as const;
};

describe("security.exfiltration", () => {
  it("walks the range with one session, refused (403) and audited, until reverted; reverting twice is safe", async () => {
    const handle = await injectFault("security.exfiltration", { descriptor: environment(), target: "portal", params: { customerIds: "1-5", requestsPerSecond: 20 } });
    expect(handle.details).toMatchObject({ customerId: 1, jti: expect.stringMatching(/^[0-9a-f-]{36}$/), customerIds: "1-5" });
    for (let i = 0; i < 50 && (await reads(handle.details.jti))[0] < 8; i++) await pause(100);
    const [count, distinct] = await reads(handle.details.jti);
    expect(count).toBeGreaterThanOrEqual(8);
    expect(distinct).toBe(5); // the range wraps around: 1..5, 1..5, …
    const { rows } = await db.query("SELECT DISTINCT action FROM audit_events WHERE details->>'jti' = $1 AND action LIKE 'customer.read%' ORDER BY 1", [handle.details.jti]);
    expect(rows.map((row) => row.action)).toEqual(["customer.read", "customer.read_denied"]);

    await Promise.all([handle.revert(), handle.revert()]);
    await handle.revert();
    const [after] = await reads(handle.details.jti);
    await pause(1_000);
    expect((await reads(handle.details.jti))[0]).toBe(after);
  });

  it("stops at the first 401 once its session is revoked", async () => {
    const descriptor = environment();
    const handle = await injectFault("security.exfiltration", { descriptor, target: "portal", params: { requestsPerSecond: 20 } });
    try {
      await runAction("security.revoke-sessions", { descriptor, params: { jti: String(handle.details.jti) } });
      await pause(500);
      const [settled] = await reads(handle.details.jti);
      await pause(1_000);
      expect((await reads(handle.details.jti))[0]).toBe(settled);
    } finally {
      await handle.revert();
    }
  });

  it("refuses a range that runs backwards or is not a range", async () => {
    const descriptor = environment();
    await expect(injectFault("security.exfiltration", { descriptor, params: { customerIds: "200-1" } })).rejects.toThrow('params.customerIds: "200-1" is not a range of customer ids');
    await expect(injectFault("security.exfiltration", { descriptor, params: { customerIds: "all" } })).rejects.toThrow('params.customerIds: "all" is not a customer id range such as "1-200"');
    await expect(injectFault("security.exfiltration", { descriptor, params: { customerIds: "1-200", requestsPerSecond: -1 } })).rejects.toThrow("params.requestsPerSecond");
  });
});
