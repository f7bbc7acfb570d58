import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock, type StartedMocks, startMocks } from "../src/mocks/index.ts";
import { JWT_BEARER, requestToken, rest, signAssertion } from "./support/mocks.ts";

describe("Salesforce OAuth 2.0 JWT bearer and REST", () => {
  let mocks: StartedMocks;
  let token: string;
  const clock = new ManualClock(Date.parse("2026-11-27T05:00:00Z"));
  const exp = () => Math.floor(clock.now() / 1000) + 180;

  beforeAll(async () => {
    mocks = await startMocks({ clock });
    token = (await requestToken(mocks.salesforce, signAssertion(mocks.salesforce, { exp: exp() }))).body.access_token;
  });
  afterAll(async () => {
    await mocks?.close();
  });

  describe("token endpoint", () => {
    it("issues a token whose instance_url and id are the public URL", async () => {
      const { status, body } = await requestToken(mocks.salesforce, signAssertion(mocks.salesforce, { exp: exp() }));
      expect(status).toBe(200);
      expect(body).toEqual({
        access_token: expect.stringMatching(/^00DDr0000000001!AR/),
        scope: "api",
        instance_url: mocks.salesforce.url,
        id: `${mocks.salesforce.url}/id/00DDr0000000001AAA/005Dr0000000001AAA`,
        token_type: "Bearer",
      });
      expect(body).not.toHaveProperty("refresh_token");
    });

    it.each([
      ["a wrong consumer key", { iss: "3MVG9wrong" }, "invalid_client_id", "client identifier invalid"],
      ["a login URL that is not the org's", { aud: "https://login.salesforce.com" }, "invalid_grant", "audience is invalid"],
      ["an expiry in the past", { exp: Math.floor(Date.parse("2026-11-27T04:00:00Z") / 1000) }, "invalid_grant", "expired authorization code"],
      ["no expiry", { exp: undefined }, "invalid_grant", "expired authorization code"],
      ["an unknown user", { sub: "nobody@firedrill.example.com" }, "invalid_grant", "user hasn't approved this consumer"],
      ["a user whose profile was not pre-authorized", { sub: "k.yoshida@firedrill.example.com" }, "invalid_grant", "user hasn't approved this consumer"],
    ])("answers 400 for %s", async (_what, overrides, error, description) => {
      const { status, body } = await requestToken(mocks.salesforce, signAssertion(mocks.salesforce, { exp: exp(), ...overrides }));
      expect([status, body]).toEqual([400, { error, error_description: description }]);
    });

    it("answers unsupported_grant_type and invalid assertion for malformed requests", async () => {
      const post = (body: string, contentType = "application/x-www-form-urlencoded") =>
        fetch(`${mocks.salesforce.url}/services/oauth2/token`, { method: "POST", headers: { "Content-Type": contentType }, body }).then(async (r) => [r.status, await r.json()]);
      expect(await post("grant_type=password&username=x")).toEqual([400, { error: "unsupported_grant_type", error_description: "grant type not supported" }]);
      expect(await post(JSON.stringify({ grant_type: JWT_BEARER }), "application/json")).toEqual([400, { error: "unsupported_grant_type", error_description: "grant type not supported" }]);
      expect(await post(`grant_type=${encodeURIComponent(JWT_BEARER)}&assertion=not.a.jwt`)).toEqual([400, { error: "invalid_grant", error_description: "invalid assertion" }]);
      const unsigned = signAssertion(mocks.salesforce, { exp: exp() }).split(".").slice(0, 2).join(".") + ".";
      expect(await post(`grant_type=${encodeURIComponent(JWT_BEARER)}&assertion=${unsigned}`)).toEqual([400, { error: "invalid_grant", error_description: "invalid assertion" }]);
    });

    it("follows the public URL: instance_url and the accepted audience change with setPublicUrl", async () => {
      const direct = mocks.salesforce.directUrl;
      mocks.setPublicUrl("salesforce", "http://127.0.0.1:1/");
      try {
        const viaProxyAudience = await requestToken(mocks.salesforce, signAssertion(mocks.salesforce, { exp: exp(), aud: "http://127.0.0.1:1" }), direct);
        expect(viaProxyAudience.body.instance_url).toBe("http://127.0.0.1:1");
        const directAudience = await requestToken(mocks.salesforce, signAssertion(mocks.salesforce, { exp: exp(), aud: direct }), direct);
        expect(directAudience.body.error_description).toBe("audience is invalid");
      } finally {
        mocks.setPublicUrl("salesforce", direct);
      }
    });

    it("serves userinfo for a valid token and Bad_OAuth_Token otherwise", async () => {
      const ok = await fetch(`${mocks.salesforce.url}/services/oauth2/userinfo`, { headers: { Authorization: `Bearer ${token}` } });
      expect(await ok.json()).toMatchObject({ organization_id: "00DDr0000000001AAA", preferred_username: "portal-integration@firedrill.example.com", user_id: "005Dr0000000001AAA" });
      const bad = await fetch(`${mocks.salesforce.url}/services/oauth2/userinfo`, { headers: { Authorization: "Bearer nope" } });
      expect([bad.status, await bad.text()]).toEqual([403, "Bad_OAuth_Token"]);
    });

    it("expires sessions after their lifetime (2 h): INVALID_SESSION_ID", async () => {
      const short = (await requestToken(mocks.salesforce, signAssertion(mocks.salesforce, { exp: exp() }))).body.access_token;
      clock.advance(2 * 60 * 60 * 1000 + 1);
      const response = await rest(mocks.salesforce, short, "/sobjects/Account/001Dr0000000001AAA");
      expect([response.status, response.body]).toEqual([401, [{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }]]);
      token = (await requestToken(mocks.salesforce, signAssertion(mocks.salesforce, { exp: exp() }))).body.access_token;
    });
  });

  describe("sobjects", () => {
    it("GETs a record with attributes (15- or 18-char id) and Sforce-Limit-Info", async () => {
      const response = await rest(mocks.salesforce, token, "/sobjects/Order/801Dr0000000004AAA");
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        attributes: { type: "Order", url: "/services/data/v62.0/sobjects/Order/801Dr0000000004AAA" },
        Id: "801Dr0000000004AAA",
        AccountId: "001Dr0000000004AAA",
        Status: "Pending Review",
        ICCID__c: null,
      });
      expect(response.headers.get("sforce-limit-info")).toMatch(/^api-usage=\d+\/150000$/);
      expect((await rest(mocks.salesforce, token, "/sobjects/order/801Dr0000000004?fields=Status")).body).toEqual({
        attributes: { type: "Order", url: "/services/data/v62.0/sobjects/Order/801Dr0000000004AAA" },
        Status: "Pending Review",
      });
    });

    it("PATCHes (204) and POSTs (201 {id, success, errors})", async () => {
      const patched = await rest(mocks.salesforce, token, "/sobjects/Order/801Dr0000000004AAA", { method: "PATCH", json: { Status: "Approved", ICCID__c: "8981100000000000099" } });
      expect(patched.status).toBe(204);
      expect((await rest(mocks.salesforce, token, "/sobjects/Order/801Dr0000000004AAA")).body).toMatchObject({ Status: "Approved", ICCID__c: "8981100000000000099" });
      const created = await rest(mocks.salesforce, token, "/sobjects/Order", { method: "POST", json: { AccountId: "001Dr0000000006AAA", EffectiveDate: "2026-11-27", Status: "Draft" } });
      expect(created).toMatchObject({ status: 201, body: { id: expect.stringMatching(/^801/), success: true, errors: [] } });
    });

    it.each([
      ["an unknown record", "GET", "/sobjects/Order/801Dr0000009999AAA", undefined, 404, "NOT_FOUND"],
      ["a malformed id", "GET", "/sobjects/Order/xyz", undefined, 404, "NOT_FOUND"],
      ["an unknown SObject", "GET", "/sobjects/Widget__c/801Dr0000000004AAA", undefined, 404, "NOT_FOUND"],
      ["an unknown field", "PATCH", "/sobjects/Order/801Dr0000000004AAA", { Colour__c: "red" }, 400, "INVALID_FIELD"],
      ["a wrongly typed field", "PATCH", "/sobjects/Order/801Dr0000000004AAA", { Portal_Order_Id__c: "four" }, 400, "JSON_PARSER_ERROR"],
      ["missing required fields", "POST", "/sobjects/Order", { Status: "Draft" }, 400, "REQUIRED_FIELD_MISSING"],
      ["a JSON array body", "POST", "/sobjects/Account", [1, 2], 400, "JSON_PARSER_ERROR"],
    ])("answers the real error array for %s", async (_what, method, path, json, status, errorCode) => {
      const response = await rest(mocks.salesforce, token, path, { method, json });
      expect(response.status).toBe(status);
      expect(response.body).toEqual([expect.objectContaining({ errorCode, message: expect.any(String) })]);
    });

    it("names the missing fields and rejects malformed JSON with the parser's position", async () => {
      const missing = await rest(mocks.salesforce, token, "/sobjects/Order", { method: "POST", json: { Status: "Draft" } });
      expect(missing.body).toEqual([{ message: "Required fields are missing: [AccountId, EffectiveDate]", errorCode: "REQUIRED_FIELD_MISSING", fields: ["AccountId", "EffectiveDate"] }]);
      const malformed = await fetch(`${mocks.salesforce.url}/services/data/v62.0/sobjects/Account`, { method: "POST", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body: "{oops" });
      expect(await malformed.json()).toEqual([{ errorCode: "JSON_PARSER_ERROR", message: expect.stringMatching(/^Unexpected character \('o' \(code 111\)\).* at \[line:1, column:2\]$/) }]);
    });

    it("rejects an unsupported API version and a missing session", async () => {
      expect((await fetch(`${mocks.salesforce.url}/services/data/v20.0/sobjects/Order/801Dr0000000004AAA`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(404);
      const anonymous = await fetch(`${mocks.salesforce.url}/services/data/v62.0/sobjects/Order/801Dr0000000004AAA`);
      expect([anonymous.status, await anonymous.json()]).toEqual([401, [{ message: "Session expired or invalid", errorCode: "INVALID_SESSION_ID" }]]);
    });
  });

  describe("query", () => {
    const query = (soql: string) => rest(mocks.salesforce, token, `/query?q=${encodeURIComponent(soql)}`);

    it("runs the portal's queries: filters, IN, LIKE, parent fields, ORDER BY, LIMIT, COUNT()", async () => {
      const pending = await query("SELECT Id, Account.Name FROM Order WHERE Status = 'Pending Review' AND AccountId IN ('001Dr0000000010AAA', '001Dr0000000015AAA') ORDER BY Id DESC");
      expect(pending.body).toEqual({
        totalSize: 2,
        done: true,
        records: [
          { attributes: { type: "Order", url: "/services/data/v62.0/sobjects/Order/801Dr0000000015AAA" }, Id: "801Dr0000000015AAA", Account: { attributes: { type: "Account", url: "/services/data/v62.0/sobjects/Account/001Dr0000000015AAA" }, Name: "Mia Johnson" } },
          { attributes: { type: "Order", url: "/services/data/v62.0/sobjects/Order/801Dr0000000010AAA" }, Id: "801Dr0000000010AAA", Account: { attributes: { type: "Account", url: "/services/data/v62.0/sobjects/Account/001Dr0000000010AAA" }, Name: "Kaito Kato" } },
        ],
      });
      expect((await query("SELECT Name FROM Account WHERE Customer_Email__c LIKE 'yui%'")).body.records.map((r: { Name: string }) => r.Name)).toEqual(["Yui Suzuki"]);
      expect((await query("SELECT COUNT() FROM Account WHERE Customer_Status__c != 'active'")).body).toEqual({ totalSize: 2, done: true, records: [] });
      expect((await query("select Id from Order where ICCID__c = null and (Status = 'Draft' or Status = 'Cancelled') limit 2")).body.totalSize).toBe(2);
    });

    it.each([
      ["SELECT Id FROMM Order", "MALFORMED_QUERY", "unexpected token: 'FROMM'"],
      ["SELECT Id, Colour__c FROM Order", "INVALID_FIELD", "No such column 'Colour__c' on entity 'Order'"],
      ["SELECT Id FROM Widget__c", "INVALID_TYPE", "sObject type 'Widget__c' is not supported"],
      ["SELECT Owner.Name FROM Order", "INVALID_FIELD", "Didn't understand relationship 'Owner' in field path"],
    ])("%s → 400 %s", async (soql, errorCode, text) => {
      const response = await query(soql);
      expect(response.status).toBe(400);
      expect(response.body[0].errorCode).toBe(errorCode);
      expect(response.body[0].message).toContain(text);
      expect(response.body[0].message).toMatch(/ERROR at Row:1:Column:\d+/);
    });

    it("requires q", async () => {
      expect((await rest(mocks.salesforce, token, "/query")).body).toEqual([{ message: "A query string has to be specified", errorCode: "MALFORMED_QUERY" }]);
    });
  });

  it("lists API versions without a session", async () => {
    const versions = (await (await fetch(`${mocks.salesforce.url}/services/data`)).json()) as { version: string; label: string }[];
    expect(versions.at(-1)).toEqual({ label: "Winter '25", url: "/services/data/v62.0", version: "62.0" });
  });
});
