import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAction } from "../../actions/registry.ts";
import { injectFault } from "../registry.ts";
import { useEnvironment } from "../testing.ts";
import { hostsOf } from "./security-brute-force.ts";

const environment = useEnvironment("f-sec-brute", { portal: true });
let db: pg.Client;
beforeAll(async () => {
  db = new pg.Client({ connectionString: environment().services.postgres.directUrl });
  await db.connect();
});
afterAll(() => db.end());

const attempts = async (emails: unknown, since: Date) =>
  Number((await db.query("SELECT count(*) AS n FROM login_events WHERE email = ANY($1) AND at >= $2", [emails, since])).rows[0].n);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(what: () => Promise<boolean>, attemptsLeft = 100): Promise<boolean> {
  for (let i = 0; i < attemptsLeft; i++) if (await what()) return true;
  else await pause(100);
  return false;
}

describe("security.brute-force", () => {
  it("guesses passwords for real customers until reverted; reverting twice is safe and stops every attempt", async () => {
    const since = new Date();
    const handle = await injectFault("security.brute-force", { descriptor: environment(), target: "portal", params: { accounts: 2, attemptsPerSecond: 20 } });
    expect(handle.details).toMatchObject({ targetedCustomerIds: [1, 2], targetedEmails: ["aiko.tanaka@example.com", "haruto.sato@example.com"], sourceNetwork: "203.0.113.0/24" });
    // Wrong passwords first, then the portal's login rate limit: wait for both, however fast the machine is.
    const reasons = async () =>
      (await db.query("SELECT DISTINCT reason FROM login_events WHERE email = ANY($1) AND at >= $2", [handle.details.targetedEmails, since])).rows.map((row) => row.reason as string).sort();
    expect(await until(async () => (await reasons()).length >= 2)).toBe(true);
    expect(await reasons()).toEqual(["bad_password", "rate_limited"]);

    await Promise.all([handle.revert(), handle.revert()]);
    await handle.revert();
    const after = await attempts(handle.details.targetedEmails, since);
    await pause(1_000);
    expect(await attempts(handle.details.targetedEmails, since)).toBe(after);
  });

  it("gives up once every targeted account answers account locked", async () => {
    const descriptor = environment();
    const handle = await injectFault("security.brute-force", { descriptor, target: "portal", params: { accounts: 3, attemptsPerSecond: 20 } });
    try {
      const since = new Date();
      expect(await until(async () => (await attempts(handle.details.targetedEmails, since)) >= 5)).toBe(true);
      await runAction("security.lock-account", { descriptor, params: { customers: handle.details.targetedCustomerIds } });
      // Bounded: the attacker stops by itself once its in-flight attempts saw the lock.
      let last = -1;
      const stopped = await until(async () => {
        const now = await attempts(handle.details.targetedEmails, since);
        const same = now === last;
        last = now;
        await pause(400);
        return same;
      }, 20);
      expect(stopped).toBe(true);
      const { rows } = await db.query("SELECT DISTINCT reason FROM login_events WHERE email = ANY($1) AND at > now() - interval '1 second'", [handle.details.targetedEmails]);
      expect(rows).toEqual([]);
    } finally {
      await handle.revert();
      await db.query("UPDATE customers SET status = 'active' WHERE id = ANY($1)", [handle.details.targetedCustomerIds]);
    }
  });

  it("refuses a network that is not IPv4 CIDR, a rate of 0 and a target other than the portal", async () => {
    const descriptor = environment();
    await expect(injectFault("security.brute-force", { descriptor, params: { sourceNetwork: "203.0.113.0" } })).rejects.toThrow('params.sourceNetwork: "203.0.113.0" is not an IPv4 network such as 203.0.113.0/24');
    await expect(injectFault("security.brute-force", { descriptor, params: { sourceNetwork: "300.0.113.0/24" } })).rejects.toThrow("octets 0-255");
    await expect(injectFault("security.brute-force", { descriptor, params: { attemptsPerSecond: 0 } })).rejects.toThrow("params.attemptsPerSecond: 0 is below the minimum 0.1");
    await expect(injectFault("security.brute-force", { descriptor, target: "redis" })).rejects.toThrow('fault "security.brute-force": target "redis"; set the fault\'s target to portal');
    await expect(injectFault("security.brute-force", { descriptor, params: { accounts: 50 } })).rejects.toThrow("wants 50 active customer(s), the database has");
  });

  it("spreads attempts over the network's host addresses", () => {
    expect(hostsOf("203.0.113.0/24")).toHaveLength(254);
    expect(hostsOf("203.0.113.0/24").slice(0, 2)).toEqual(["203.0.113.1", "203.0.113.2"]);
    expect(hostsOf("198.51.100.7/32")).toEqual(["198.51.100.7"]);
  });
});
