import { createPublicKey, verify } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type StartedMocks, startMocks } from "../../mocks/index.ts";
import { SalesforceAuth, signAssertion } from "./salesforce-auth.ts";
import { SalesforceRest } from "./salesforce-rest.ts";
import { salesforceConfig, testGateway } from "./testing.ts";

let mocks: StartedMocks;
beforeAll(async () => {
  mocks = await startMocks();
});
afterEach(() => mocks.reset());
afterAll(() => mocks.close());

function clients() {
  const config = salesforceConfig(mocks);
  const { gateway, sink } = testGateway("salesforce");
  const auth = new SalesforceAuth(config, gateway);
  return { auth, rest: new SalesforceRest(auth, gateway, config.apiVersion), sink };
}

describe("Salesforce JWT bearer login and REST against the Salesforce mock", () => {
  it("signs an RS256 assertion with iss, sub, aud and a short exp", () => {
    const config = salesforceConfig(mocks);
    const assertion = signAssertion(config, 1_700_000_000_000);
    const [header, claims, signature] = assertion.split(".") as [string, string, string];
    expect(JSON.parse(Buffer.from(header, "base64url").toString())).toEqual({ alg: "RS256", typ: "JWT" });
    expect(JSON.parse(Buffer.from(claims, "base64url").toString())).toEqual({ iss: config.consumerKey, sub: config.username, aud: config.loginUrl, exp: 1_700_000_180 });
    const publicKey = createPublicKey(readFileSync(mocks.salesforce.privateKeyPath.replace("private", "public")));
    expect(verify("RSA-SHA256", Buffer.from(`${header}.${claims}`), publicKey, Buffer.from(signature, "base64url"))).toBe(true);
  });

  it("logs in once, PATCHes an Order and reads userinfo", async () => {
    const { auth, rest } = clients();
    const session = await auth.session();
    expect(session.instanceUrl).toBe(mocks.salesforce.url);
    await rest.updateOrder("801Dr0000000004AAA", { Status: "Provisioned" });
    await rest.userinfo(1_000);
    expect(mocks.journal({ system: "salesforce" }).map((entry) => entry.action)).toEqual(["token", "Order", "userinfo"]);
  });

  it("reports invalid_grant with Salesforce's description", async () => {
    const { auth } = clients();
    mocks.setFault({ kind: "salesforce.invalid-grant", params: { variant: "user-not-approved" } });
    await expect(auth.session()).rejects.toMatchObject({ failure: "auth", code: "invalid_grant", message: "Salesforce oauth2/token failed: invalid_grant: user hasn't approved this consumer" });
  });

  it("logs in again once when the session was revoked", async () => {
    const { rest } = clients();
    await rest.userinfo(1_000);
    mocks.setFault({ kind: "salesforce.invalid-grant", params: { variant: "expired" } });
    mocks.clearFaults();
    await rest.updateOrder("801Dr0000000004AAA", { Status: "Provisioned" });
    expect(mocks.journal({ system: "salesforce" }).map((entry) => `${entry.action} ${entry.status}`)).toEqual(["token 200", "userinfo 200", "Order 401", "token 200", "Order 204"]);
  });

  it("reports REST error arrays by their errorCode", async () => {
    const { rest } = clients();
    await expect(rest.updateOrder("801Dr0000000999AAA", { Status: "Provisioned" })).rejects.toMatchObject({ failure: "rejected", code: "NOT_FOUND", status: 404 });
    mocks.setFault({ kind: "salesforce.request-limit" });
    await expect(rest.updateOrder("801Dr0000000004AAA", { Status: "Provisioned" })).rejects.toMatchObject({ failure: "http", code: "REQUEST_LIMIT_EXCEEDED" });
  });
});
