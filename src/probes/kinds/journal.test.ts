import { describe, expect, it } from "vitest";
import { whmcs } from "../../../test/support/mocks.ts";
import { useEnvironment } from "../../faults/testing.ts";
import { checkProbe } from "../registry.ts";

const environment = useEnvironment("p-journal");

const call = (action: string) => {
  const { whmcs: service } = environment().services;
  return whmcs(service.url, { action, responsetype: "json", identifier: service.identifier, secret: service.secret, limitnum: "1" });
};

describe("journal probe", () => {
  it("counts a system's calls since a time, by action and status", async () => {
    const descriptor = environment();
    await call("GetClients");
    const since = new Date();
    expect(await checkProbe("journal", { descriptor, since, params: { system: "whmcs" } })).toMatchObject({ status: "fail", output: { count: 0 } });
    await call("GetClients");
    await call("GetClients");
    await call("GetInvoices");
    expect(await checkProbe("journal", { descriptor, since, params: { system: "whmcs", equals: 3 } })).toMatchObject({ status: "ok", output: { system: "whmcs", count: 3 } });
    expect(await checkProbe("journal", { descriptor, since, params: { system: "whmcs", action: "GetClients", status: 200 } })).toMatchObject({ status: "ok", output: { count: 2 } });
    expect(await checkProbe("journal", { descriptor, since, params: { system: "whmcs", status: 500 } })).toMatchObject({ status: "fail", output: { count: 0 } });
    expect(await checkProbe("journal", { descriptor, since, params: { system: "freebit" } })).toMatchObject({ status: "fail", output: { count: 0 } });
  });

  it("refuses an unknown system, listing the allowed ones", async () => {
    await expect(checkProbe("journal", { descriptor: environment(), params: { system: "whmsc" } })).rejects.toThrow(
      'probe "journal": params.system: unknown system "whmsc"; did you mean "whmcs"? (allowed: salesforce, whmcs, freebit)',
    );
  });
});
