import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StartedPortal } from "../src/target/index.ts";
import { grep, http, login, logLines, PASSWORD, type PortalWorld, query, startPortalWorld } from "./support/portal.ts";

// Authentication and the security scenario's evidence, against real PostgreSQL and Redis.
let world: PortalWorld;
let portal: StartedPortal;

beforeAll(async () => {
  world = await startPortalWorld();
  portal = await world.portal();
});
afterAll(() => world?.close());

const jtiOf = (token: string) => JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).jti as string;

describe("logins against customers in PostgreSQL", () => {
  it("a seeded customer logs in with an HS256 token carrying jti and exp, and the login is recorded", async () => {
    const reply = await http(portal, "/auth/login", { json: { email: "Aiko.Tanaka@example.com", password: PASSWORD } });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ tokenType: "Bearer", expiresIn: 900, customerId: 1 });
    const claims = JSON.parse(Buffer.from(reply.body.accessToken.split(".")[1], "base64url").toString());
    expect(claims).toMatchObject({ sub: "1", jti: expect.any(String), exp: expect.any(Number) });
    const [session] = await query(world.postgres.url, "SELECT customer_id::int, revoked_at FROM sessions WHERE jti = $1", [claims.jti]);
    expect(session).toEqual({ customer_id: 1, revoked_at: null });
    const events = await query(world.postgres.url, "SELECT success, reason FROM login_events WHERE email = 'aiko.tanaka@example.com' AND at > now() - interval '1 minute'");
    expect(events).toEqual([{ success: true, reason: "ok" }]);
  });

  it("a wrong password is 401, recorded in login_events and audit_events, and logged", async () => {
    const reply = await http(portal, "/auth/login", { json: { email: "haruto.sato@example.com", password: "guess" } });
    expect(reply).toMatchObject({ status: 401, body: { error: "invalid credentials" } });
    const [event] = await query(world.postgres.url, "SELECT customer_id::int, host(ip) AS ip, success, reason FROM login_events WHERE email = 'haruto.sato@example.com' ORDER BY id DESC LIMIT 1");
    expect(event).toEqual({ customer_id: 2, ip: "127.0.0.1", success: false, reason: "bad_password" });
    const [audit] = await query(world.postgres.url, "SELECT actor, details->>'reason' AS reason FROM audit_events WHERE action = 'auth.login_failed' AND subject = 'customer:2'");
    expect(audit).toEqual({ actor: "system:auth", reason: "bad_password" });
    expect(await grep(portal, "Login failed for haruto.sato@example.com: bad_password")).toHaveLength(1);
  });

  it("an unknown email and a locked customer are refused and recorded with their reason", async () => {
    expect((await http(portal, "/auth/login", { json: { email: "nobody@example.org", password: PASSWORD } })).status).toBe(401);
    expect(await http(portal, "/auth/login", { json: { email: "chloe.dubois@example.com", password: PASSWORD } })).toMatchObject({ status: 403, body: { error: "account locked" } });
    const rows = await query(world.postgres.url, "SELECT email, customer_id::int, reason FROM login_events WHERE email IN ('nobody@example.org', 'chloe.dubois@example.com') AND at > now() - interval '1 minute' ORDER BY id");
    expect(rows).toEqual([
      { email: "nobody@example.org", customer_id: null, reason: "unknown_email" },
      { email: "chloe.dubois@example.com", customer_id: 17, reason: "locked" },
    ]);
  });

  it("rejects a malformed login body and a request without a token", async () => {
    expect((await http(portal, "/auth/login", { json: { email: 1 } })).status).toBe(400);
    expect(await http(portal, "/orders")).toMatchObject({ status: 401, body: { error: "unauthorized" } });
    expect((await http(portal, "/orders", { token: "not.a.jwt" })).status).toBe(401);
  });
});

describe("logout and the token blacklist in Redis", () => {
  it("logout blacklists the jti until the token expires; the same token is refused afterwards", async () => {
    const token = await login(portal, "yui.suzuki@example.com");
    expect((await http(portal, "/orders", { token })).status).toBe(200);
    expect((await http(portal, "/auth/logout", { method: "POST", token })).status).toBe(204);
    const redis = world.redisClient();
    await redis.connect();
    const ttl = await redis.ttl(`auth:blacklist:${jtiOf(token)}`);
    expect(ttl).toBeGreaterThan(800);
    expect(ttl).toBeLessThanOrEqual(900);
    expect(await http(portal, "/orders", { token })).toMatchObject({ status: 401, body: { detail: "access token revoked" } });
    const [session] = await query(world.postgres.url, "SELECT revoked_at IS NOT NULL AS revoked FROM sessions WHERE jti = $1", [jtiOf(token)]);
    expect(session).toEqual({ revoked: true });
  });
});

describe("login rate limiting in Redis", () => {
  it("after 5 failed logins for one account the next is 429, even with the right password, and recorded as rate_limited", async () => {
    const email = "sota.takahashi@example.com";
    for (let i = 0; i < 5; i++) expect((await http(portal, "/auth/login", { json: { email, password: `wrong-${i}` } })).status).toBe(401);
    const limited = await http(portal, "/auth/login", { json: { email, password: PASSWORD } });
    expect(limited).toMatchObject({ status: 429, body: { error: "too many login attempts" } });
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    const reasons = await query(world.postgres.url, "SELECT reason FROM login_events WHERE email = $1 AND at > now() - interval '1 minute' ORDER BY id", [email]);
    expect(reasons.map((row) => row.reason)).toEqual([...Array(5).fill("bad_password"), "rate_limited"]);
  });

  it("per client IP: with TRUST_PROXY, one X-Forwarded-For address gets 429 past its limit while others log in", async () => {
    const limited = await world.portal({ TRUST_PROXY: "true", LOGIN_RATE_LIMIT_PER_IP: "3" });
    const from = (ip: string) => ({ "X-Forwarded-For": ip });
    for (let i = 0; i < 3; i++) expect((await http(limited, "/auth/login", { json: { email: `probe${i}@example.org`, password: "x" }, headers: from("198.51.100.7") })).status).toBe(401);
    expect((await http(limited, "/auth/login", { json: { email: "mei.yamamoto@example.com", password: PASSWORD }, headers: from("198.51.100.7") })).status).toBe(429);
    expect(await login(limited, "mei.yamamoto@example.com", PASSWORD, from("203.0.113.50"))).toEqual(expect.any(String));
    const [row] = await query(world.postgres.url, "SELECT host(ip) AS ip, reason FROM login_events WHERE email = 'mei.yamamoto@example.com' AND reason = 'rate_limited'");
    expect(row).toEqual({ ip: "198.51.100.7", reason: "rate_limited" });
  });
});

describe("data access is audited (security incident evidence)", () => {
  it("a customer reads their own record; one session reading many customers' records gets 403 for each, all audited under its jti", async () => {
    const token = await login(portal, "ren.ito@example.com");
    expect(await http(portal, "/customers/6", { token })).toMatchObject({ status: 200, body: { id: 6, email: "ren.ito@example.com", fullName: "Ren Ito", status: "active" } });
    for (const id of [1, 2, 3, 4, 5]) expect((await http(portal, `/customers/${id}`, { token })).status).toBe(403);
    const rows = await query(
      world.postgres.url,
      "SELECT action, subject FROM audit_events WHERE actor = 'customer:6' AND details->>'jti' = $1 ORDER BY id",
      [jtiOf(token)],
    );
    expect(rows).toEqual([
      { action: "auth.login", subject: "customer:6" },
      { action: "customer.read", subject: "customer:6" },
      ...[1, 2, 3, 4, 5].map((id) => ({ action: "customer.read_denied", subject: `customer:${id}` })),
    ]);
  });

  it("every request line in combined.log carries a duration in ms", async () => {
    const token = await login(portal, "hina.watanabe@example.com");
    await http(portal, "/orders", { token });
    const requests = (await logLines(portal)).filter((line) => line.component === "http");
    expect(requests.length).toBeGreaterThan(3);
    for (const line of requests) expect(line).toMatchObject({ duration: expect.any(Number), status: expect.any(Number), method: expect.any(String) });
    expect(requests.findLast((line) => line.msg === "GET /orders 200")).toMatchObject({ customerId: 5, route: "/orders" });
  });
});
