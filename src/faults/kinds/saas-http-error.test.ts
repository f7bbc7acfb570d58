import { describe, expect, it } from "vitest";
import { whmcs } from "../../../test/support/mocks.ts";
import { injectFault } from "../registry.ts";
import { useEnvironment } from "../testing.ts";

const environment = useEnvironment("f-saas-http");

const getClients = async () => {
  const { whmcs: service } = environment().services;
  return whmcs(service.url, { action: "GetClients", responsetype: "json", identifier: service.identifier, secret: service.secret, limitnum: "1" });
};

describe("saas.http-error", () => {
  it("answers the target system's calls with the status until reverted; reverting twice is safe", async () => {
    const handle = await injectFault("saas.http-error", { descriptor: environment(), target: "whmcs", params: { status: 502 } });
    expect(handle.details).toMatchObject({ system: "whmcs", mockKind: "http-error", status: 502, rate: 1 });
    expect((await getClients()).status).toBe(502);
    await handle.revert();
    await handle.revert();
    expect((await getClients()).status).toBe(200);
  });

  it("hits only a share of the calls with rate", async () => {
    const handle = await injectFault("saas.http-error", { descriptor: environment(), target: "whmcs", params: { status: 500, rate: 0.5 } });
    try {
      const statuses = await Promise.all(Array.from({ length: 40 }, () => getClients().then((reply) => reply.status)));
      expect(statuses.filter((status) => status === 500).length).toBeGreaterThan(5);
      expect(statuses.filter((status) => status === 200).length).toBeGreaterThan(5);
    } finally {
      await handle.revert();
    }
  });

  it("refuses a status the mocks cannot answer with, listing the allowed ones, and a non-SaaS target", async () => {
    const descriptor = environment();
    await expect(injectFault("saas.http-error", { descriptor, target: "whmcs", params: { status: 418 } })).rejects.toThrow(
      'fault "saas.http-error": params.status: status 418 is not one the mocks answer with (allowed: 429, 500, 502, 503, 504)',
    );
    await expect(injectFault("saas.http-error", { descriptor, target: "redis" })).rejects.toThrow("one of salesforce, whmcs, freebit");
  });
});
