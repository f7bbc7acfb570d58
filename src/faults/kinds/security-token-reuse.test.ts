import { readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAction } from "../../actions/registry.ts";
import { injectFault } from "../registry.ts";
import { useEnvironment } from "../testing.ts";

const environment = useEnvironment("f-sec-reuse", { portal: true });
let db: pg.Client;
beforeAll(async () => {
  db = new pg.Client({ connectionString: environment().services.postgres.directUrl });
  await db.connect();
});
afterAll(() => db.end());

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The replays the portal logged: authenticated pages answered 401. */
const replays = async () => (await readFile(path.join(environment().target!.logDir, "combined.log"), "utf8")).split("\n").filter((line) => /"msg":"GET \/\S+ 401"/.test(line)).length;
async function settled(count: () => Promise<number>, rounds = 20): Promise<number | undefined> {
  let last = -1;
  for (let i = 0; i < rounds; i++) {
    const now = await count();
    if (now === last) return now;
    last = now;
    await pause(500);
  }
  return undefined;
}

describe("security.token-reuse", () => {
  it("logs a customer out, then replays the revoked token (401) until reverted; reverting twice is safe", async () => {
    const before = await replays();
    const handle = await injectFault("security.token-reuse", { descriptor: environment(), target: "portal", params: { requestsPerSecond: 10 } });
    expect(handle.details).toMatchObject({ customerId: 1, jti: expect.stringMatching(/^[0-9a-f-]{36}$/), sourceIp: "198.51.100.23" });
    const { rows } = await db.query("SELECT revoked_at IS NOT NULL AS revoked FROM sessions WHERE jti = $1", [handle.details.jti]);
    expect(rows).toEqual([{ revoked: true }]);
    for (let i = 0; i < 50 && (await replays()) - before < 5; i++) await pause(100);
    expect((await replays()) - before).toBeGreaterThanOrEqual(5);

    await Promise.all([handle.revert(), handle.revert()]);
    await handle.revert();
    const after = await replays();
    await pause(1_000);
    expect(await replays()).toBe(after);
  });

  it("gives up once the account is locked", async () => {
    const descriptor = environment();
    const handle = await injectFault("security.token-reuse", { descriptor, target: "portal", params: { requestsPerSecond: 5 } });
    try {
      await runAction("security.lock-account", { descriptor, params: { customers: String(handle.details.customerId) } });
      // The attacker checks the account every 3 s: within a few seconds its replays stop.
      expect(await settled(replays)).toBeDefined();
    } finally {
      await handle.revert();
      await db.query("UPDATE customers SET status = 'active' WHERE id = $1", [handle.details.customerId]);
    }
  });

  it("refuses a source that is not an IP address and a rate above the maximum", async () => {
    const descriptor = environment();
    await expect(injectFault("security.token-reuse", { descriptor, params: { sourceIp: "attacker.example" } })).rejects.toThrow('params.sourceIp: "attacker.example" is not an IP address');
    await expect(injectFault("security.token-reuse", { descriptor, params: { requestsPerSecond: 1_000 } })).rejects.toThrow("params.requestsPerSecond: 1000 is above the maximum 100");
    await expect(injectFault("security.token-reuse", { descriptor, params: { sourceIP: "1.2.3.4" } })).rejects.toThrow('params.sourceIP: unknown field');
  });
});
