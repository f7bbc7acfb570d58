import { describe, expect, it } from "vitest";
import { requestToken, signAssertion, whmcs } from "../../../test/support/mocks.ts";
import { injectFault } from "../registry.ts";
import { useEnvironment } from "../testing.ts";

const environment = useEnvironment("f-saas-auth");

const getClients = async () => {
  const { whmcs: service } = environment().services;
  return (await whmcs(service.url, { action: "GetClients", responsetype: "json", identifier: service.identifier, secret: service.secret, limitnum: "1" })).json();
};
const tokenRequest = () => {
  const { salesforce } = environment().services;
  return requestToken(salesforce, signAssertion(salesforce));
};

describe("saas.auth-failure", () => {
  it("whmcs: calls get Authentication Failed until reverted", async () => {
    const handle = await injectFault("saas.auth-failure", { descriptor: environment(), target: "whmcs" });
    expect(await getClients()).toMatchObject({ result: "error", message: "Authentication Failed" });
    await handle.revert();
    await handle.revert();
    expect(await getClients()).toMatchObject({ result: "success" });
  });

  it("salesforce: the JWT bearer flow fails with the variant until reverted", async () => {
    const handle = await injectFault("saas.auth-failure", { descriptor: environment(), target: "salesforce", params: { variant: "expired" } });
    expect(handle.details).toMatchObject({ system: "salesforce", mockKind: "salesforce.invalid-grant", variant: "expired", revokeSessions: true });
    expect(await tokenRequest()).toMatchObject({ status: 400, body: { error: "invalid_grant", error_description: "expired authorization code" } });
    await handle.revert();
    expect((await tokenRequest()).status).toBe(200);
  });

  it("names the variants, and refuses salesforce-only params for whmcs", async () => {
    const descriptor = environment();
    await expect(injectFault("saas.auth-failure", { descriptor, target: "salesforce", params: { variant: "expird" } })).rejects.toThrow(
      /params.variant: unknown invalid_grant variant "expird"; did you mean "expired"\?.*\(allowed: invalid-assertion, audience-invalid, expired/,
    );
    await expect(injectFault("saas.auth-failure", { descriptor, target: "whmcs", params: { variant: "expired" } })).rejects.toThrow("apply to target salesforce only");
  });
});
