import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StartedMocks, startMocks } from "../src/mocks/index.ts";
import { RawBayeux } from "./support/bayeux.ts";
import { accessToken, signAssertion } from "./support/mocks.ts";
import { seededRandom } from "./support/prng.ts";

/** Seeded draws (replay a failing run with FUZZ_SEED), plus the inputs this file needs. */
function prng(seed: number) {
  const { next, int, pick } = seededRandom(seed);
  const bytes = (max: number) => Buffer.from(Array.from({ length: int(max) }, () => int(256)));
  const text = (max: number) => Array.from({ length: int(max) }, () => pick(CHARS)).join("");
  /** Characters a header value may hold (fetch refuses the rest before sending). */
  const token = (max: number) => Array.from({ length: int(max) }, () => pick([..."abcXYZ019-._~+/="])).join("");
  return { next, int, pick, bytes, text, token };
}

const CHARS = [..."abcXYZ019 _-.:/%&=?+;,'\"{}[]()<>\\\n\t\u0000é漢😀"];
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_127);
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 120);

describe(`fuzz: malformed bodies, forms, JWTs, Bayeux batches, SOQL and raw bytes (seed ${SEED})`, () => {
  let mocks: StartedMocks;
  let token: string;
  const random = prng(SEED);
  const statuses = new Map<string, number>();

  beforeAll(async () => {
    mocks = await startMocks({ salesforce: { connectTimeoutMs: 200 } });
    token = await accessToken(mocks.salesforce);
  });
  afterAll(async () => {
    await mocks?.close();
  });

  /** Sends one request; it must be answered (not hang) and not with a 500 (a mock that crashed). */
  async function send(label: string, url: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<number> {
    const response = await fetch(url, { method: init.method ?? "POST", headers: init.headers, body: init.body, signal: AbortSignal.timeout(5_000) }).catch((error: Error) => {
      throw new Error(`${label}: no answer from ${init.method ?? "POST"} ${url}: ${error.message}`);
    });
    await response.arrayBuffer();
    expect.soft(response.status, `${label}: ${init.method ?? "POST"} ${url} ${String(init.body ?? "").slice(0, 200)}`).not.toBe(500);
    statuses.set(`${label} ${response.status}`, (statuses.get(`${label} ${response.status}`) ?? 0) + 1);
    return response.status;
  }

  const contentTypes = ["application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz", "application/json", "text/plain", "application/x-www-form-urlencoded; charset=EBCDIC", ""];
  const b64 = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

  function randomJwt(): string {
    const sf = mocks.salesforce;
    switch (random.int(6)) {
      case 0:
        return random.text(80);
      case 1:
        return Array.from({ length: random.int(6) }, () => b64(random.text(30))).join(".");
      case 2:
        return `${b64({ alg: random.pick(["none", "HS256", "RS256", 7, null]) })}.${b64({ iss: sf.consumerKey, sub: sf.username, aud: sf.loginUrl, exp: 9e9 })}.`;
      case 3: {
        const claims = { iss: random.pick([sf.consumerKey, 1, null, [sf.consumerKey]]), sub: random.pick([sf.username, {}, "x"]), aud: random.pick([sf.loginUrl, [sf.loginUrl], 3, ""]), exp: random.pick([9e9, "9999999999", -1, null, 1e308]) };
        return signAssertion(sf, claims);
      }
      case 4:
        return signAssertion(sf).slice(0, random.int(400));
      default:
        return `${b64(random.bytes(40))}.${b64(random.bytes(80))}.${b64(random.bytes(256))}`;
    }
  }

  function randomForm(): string {
    const keys = ["action", "responsetype", "identifier", "secret", "username", "password", "accesskey", "limitstart", "limitnum", "clientid", "client_id", "email", "password2", "pid[0]", "pid[]", "orderid", "serviceid", "search", "status", "sorting", "autosetup", "noinvoice", random.text(8)];
    const actions = ["GetClients", "GetClientsDetails", "GetClientsProducts", "GetInvoices", "GetPayMethods", "AddOrder", "AcceptOrder", "CreateSsoToken", "ValidateLogin", "getclients", random.text(12)];
    const params = new URLSearchParams();
    if (random.next() < 0.8) params.set("identifier", mocks.whmcs.identifier), params.set("secret", mocks.whmcs.secret);
    params.set("action", random.pick(actions));
    for (let index = random.int(8); index > 0; index--) {
      params.append(random.pick(keys), random.pick([random.text(20), String(random.int(3000) - 1000), "1e308", "-0", "NaN", "", "1001", "5041", "%zz"]));
    }
    params.set("responsetype", random.pick(["json", "xml", "nvp", "", random.text(5)]));
    return random.next() < 0.15 ? params.toString().slice(0, random.int(60)) : params.toString();
  }

  function randomBayeux(clientId: string | undefined): string {
    const message = () => ({
      channel: random.pick(["/meta/handshake", "/meta/connect", "/meta/subscribe", "/meta/unsubscribe", "/meta/disconnect", "/event/OrderProvisionRequested__e", "/event/Nope__e", random.text(10), 5, null]),
      clientId: random.pick([clientId, random.text(12), 3, undefined]),
      subscription: random.pick(["/event/OrderProvisionRequested__e", "/topic/x", random.text(10), ["/event/OrderProvisionRequested__e"], undefined]),
      connectionType: "long-polling",
      ext: random.pick([undefined, {}, { replay: random.pick([null, 5, { "/event/OrderProvisionRequested__e": random.pick([-1, -2, -3, 0, 1.5, "17020312", "abc", 2 ** 60, null, {}]) }]) }]),
      id: random.pick(["1", 2, undefined, { id: 1 }]),
    });
    switch (random.int(4)) {
      case 0:
        return random.text(60);
      case 1:
        return JSON.stringify(random.pick([[], {}, null, 7, "x", [[]], [null, 1, "a"]]));
      default:
        return JSON.stringify(Array.from({ length: 1 + random.int(4) }, message));
    }
  }

  const soqls = ["SELECT Id, Status, Account.Name FROM Order WHERE Status = 'Pending Review' ORDER BY Id LIMIT 5", "SELECT COUNT() FROM Account WHERE Name LIKE 'A%'"];
  function randomSoql(): string {
    const base = random.pick(soqls);
    switch (random.int(4)) {
      case 0:
        return random.text(60);
      case 1: {
        const at = random.int(base.length);
        return base.slice(0, at) + random.text(4) + base.slice(at + random.int(6));
      }
      case 2:
        return base.split(" ").filter(() => random.next() < 0.8).join(" ");
      default:
        return base.replace(/'/g, () => random.pick(["'", "\\'", "''", ""]));
    }
  }

  it(`keeps answering every malformed request, never with a crash (${ROUNDS} rounds × 7 kinds)`, async () => {
    const sf = mocks.salesforce.url;
    const bayeux = new RawBayeux(`${sf}/cometd/62.0`, token);
    await bayeux.handshake();
    const started = performance.now();
    for (let round = 0; round < ROUNDS; round++) {
      await Promise.all([
        send("whmcs-form", mocks.whmcs.url, { headers: { "Content-Type": random.pick(contentTypes) }, body: random.next() < 0.85 ? randomForm() : random.bytes(300) }),
        send("jwt", `${sf}/services/oauth2/token`, {
          headers: { "Content-Type": random.pick(contentTypes) },
          body: new URLSearchParams({ grant_type: random.pick(["urn:ietf:params:oauth:grant-type:jwt-bearer", "password", random.text(10)]), assertion: randomJwt() }).toString(),
        }),
        send("cometd", `${sf}/cometd/${random.pick(["62.0", "36.0", "x", "62.0"])}`, {
          headers: { Authorization: `OAuth ${random.next() < 0.8 ? token : random.token(20)}`, "Content-Type": "application/json", ...(random.next() < 0.8 && bayeux.cookie !== undefined && { Cookie: bayeux.cookie }) },
          body: randomBayeux(bayeux.clientId),
        }),
        send("soql", `${sf}/services/data/v62.0/query?q=${encodeURIComponent(randomSoql())}`, { method: "GET", headers: { Authorization: `Bearer ${token}` } }),
        send("rest", `${sf}/services/data/${random.pick(["v62.0", "v1.0", "vx", "v62.0"])}/sobjects/${random.pick(["Order", "Account", "OrderProvisionRequested__e", random.text(6)])}/${random.pick(["801Dr0000000004AAA", "", random.text(18), "%E0%A4%A"])}`, {
          method: random.pick(["GET", "PATCH", "POST", "DELETE", "PUT"]),
          headers: { Authorization: `Bearer ${token}`, "Content-Type": random.pick(["application/json", "text/plain", ""]) },
          body: random.pick([JSON.stringify({ Status: random.text(10), Portal_Order_Id__c: random.pick([1, "x", null, {}, []]), [random.text(6)]: 1 }), random.text(40), "[]", "null", "{}"]),
        }).catch((error: Error) => (error.message.includes("Request with GET/HEAD method cannot have body") ? 0 : Promise.reject(error))),
        send("freebit", `${mocks.freebit.url}/${random.pick(["authOem", "master/addAcnt", "master/changeState", "master/getAcnt", random.text(8)])}/`, {
          headers: { "Content-Type": random.pick(contentTypes) },
          body: random.next() < 0.7 ? new URLSearchParams({ json: random.pick([JSON.stringify({ authKey: random.text(32), iccid: random.pick(["8981100000000000099", random.text(19), 5]), account: random.text(11), state: random.pick(["active", "suspended", random.text(5)]) }), random.text(50)]) }).toString() : random.bytes(200),
        }),
        send("control", `${mocks.controlUrl}/${random.pick(["faults", "events", "journal", "reset", "public-urls/whmcs"])}`, {
          method: random.pick(["POST", "PUT", "GET"]),
          headers: { "Content-Type": "application/json" },
          body: random.pick([JSON.stringify({ kind: random.pick(["latency", "http-error", random.text(5)]), system: random.pick(["whmcs", random.text(4)]), params: { status: random.pick([500, 7, "x"]), latencyMs: random.pick([-1, 1e12, "5"]) } }), random.text(30), JSON.stringify({ event: random.text(8), payload: random.pick([null, [], { x: 1 }]) }), JSON.stringify({ url: random.text(20) })]),
        }).catch((error: Error) => (error.message.includes("cannot have body") ? 0 : Promise.reject(error))),
      ]);
      mocks.clearFaults();
      mocks.setPublicUrl("whmcs", mocks.whmcs.directUrl);
    }
    // Nothing got stuck: every system still answers a well-formed call correctly, promptly.
    const check = await fetch(mocks.whmcs.url, { method: "POST", body: new URLSearchParams({ action: "GetClients", responsetype: "json", identifier: mocks.whmcs.identifier, secret: mocks.whmcs.secret }) });
    expect(((await check.json()) as { result: string }).result).toBe("success");
    expect((await accessToken(mocks.salesforce)).length).toBeGreaterThan(20);
    expect(performance.now() - started).toBeLessThan(60_000);
  }, 90_000);

  it("survives raw garbage on the socket: answers 400 or closes, and keeps serving", async () => {
    const port = (url: string) => Number(new URL(url).port);
    const ports = [port(mocks.salesforce.directUrl), port(mocks.whmcs.directUrl), port(mocks.freebit.directUrl), port(mocks.controlUrl)];
    const payloads = (): Buffer[] => [
      random.bytes(500),
      Buffer.from(`GET /${random.text(20)} HTTP/1.1\r\nHost: ${random.text(10)}\r\n\r\n`),
      Buffer.from(`POST /includes/api.php HTTP/1.1\r\nHost: x\r\nContent-Length: 999\r\n\r\nshort`),
      Buffer.from(`POST /cometd/62.0 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`),
      Buffer.from(`GET / HTTP/1.1\r\n${"X-Long: " + "a".repeat(20_000)}\r\n\r\n`),
      Buffer.from(`GET /services/data/v62.0/sobjects/Order/%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n`),
      Buffer.from("\r\n\r\n\r\n"),
    ];
    const exchange = (target: number, payload: Buffer) =>
      new Promise<string>((resolve) => {
        const socket = net.connect({ port: target, host: "127.0.0.1" });
        let received = "";
        const timer = setTimeout(() => (socket.destroy(), resolve(`timeout:${received.slice(0, 12)}`)), 1_000);
        socket.on("data", (chunk) => (received += chunk.toString("latin1")));
        socket.on("error", () => {});
        socket.on("close", () => (clearTimeout(timer), resolve(received.slice(0, 12))));
        socket.end(payload);
      });
    for (let round = 0; round < 10; round++) {
      for (const target of ports) {
        for (const payload of payloads()) {
          const answer = await exchange(target, payload);
          expect(answer === "" || answer.startsWith("HTTP/1.1 ") || answer.startsWith("timeout:"), answer).toBe(true);
          expect(answer.startsWith("HTTP/1.1 500"), `${target} ${JSON.stringify(payload.toString("latin1").slice(0, 120))}`).toBe(false);
        }
      }
    }
    const tooLarge = await fetch(mocks.whmcs.url, { method: "POST", body: Buffer.alloc(2 << 20, 97) });
    expect(tooLarge.status).toBe(413);
    // The first fuzz may have reset the mocks through the control API (sessions end): authenticate again.
    const fresh = await accessToken(mocks.salesforce);
    const check = await fetch(`${mocks.salesforce.url}/services/data/v62.0/query?q=SELECT+Id+FROM+Account+LIMIT+1`, { headers: { Authorization: `Bearer ${fresh}` } });
    expect(check.status).toBe(200);
  }, 60_000);
});
