import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type StartedMocks, startMocks } from "../../mocks/index.ts";
import { testGateway, whmcsConfig } from "./testing.ts";
import { WhmcsClient } from "./whmcs-client.ts";

let mocks: StartedMocks;
beforeAll(async () => {
  mocks = await startMocks();
});
afterEach(() => mocks.reset());
afterAll(() => mocks.close());

function client() {
  const { gateway, sink } = testGateway("whmcs");
  return { whmcs: new WhmcsClient(whmcsConfig(mocks), gateway), sink };
}

describe("WhmcsClient against the WHMCS mock", () => {
  it("reads invoices and payment methods, numbers as numbers", async () => {
    const { whmcs } = client();
    const invoices = await whmcs.getInvoices(1001);
    expect(invoices.length).toBeGreaterThan(0);
    expect(invoices[0]).toMatchObject({ id: expect.any(Number), total: expect.stringMatching(/^\d+\.\d\d$/), currency: "JPY" });
    expect(invoices.find((invoice) => invoice.status === "Unpaid")?.datePaid).toBeNull();
    expect(await whmcs.getPayMethods(1001)).toEqual([{ id: 1, type: "RemoteCreditCard", cardType: "Visa", lastFour: "4242", expiryDate: "01/28" }]);
  });

  it("adds and accepts an order for a plan", async () => {
    const { whmcs } = client();
    const { orderId } = await whmcs.addOrder(1004, "voice-20gb");
    await whmcs.acceptOrder(orderId);
    await expect(whmcs.acceptOrder(orderId)).rejects.toMatchObject({ failure: "rejected", message: "WHMCS AcceptOrder failed: Order ID not found or Status not Pending" });
  });

  it("reports WHMCS's own errors as rejected, and an unknown plan before calling", async () => {
    const { whmcs } = client();
    await expect(whmcs.getPayMethods(999_999)).rejects.toMatchObject({ failure: "rejected", message: "WHMCS GetPayMethods failed: Client Not Found" });
    await expect(whmcs.addOrder(1004, "unlimited")).rejects.toThrow('no WHMCS product for plan "unlimited"; add it to WHMCS_PRODUCT_IDS');
  });

  it("reports a blocked IP and revoked credentials as auth failures (HTTP 403)", async () => {
    const { whmcs } = client();
    mocks.setFault({ kind: "whmcs.ip-blocked" });
    await expect(whmcs.getInvoices(1001)).rejects.toMatchObject({ failure: "auth", status: 403, message: expect.stringMatching(/^WHMCS GetInvoices failed: HTTP 403: Invalid IP /) });
    mocks.clearFaults();
    mocks.setFault({ kind: "whmcs.auth-failure" });
    await expect(whmcs.getInvoices(1001)).rejects.toMatchObject({ failure: "auth", message: "WHMCS GetInvoices failed: HTTP 403: Authentication Failed" });
  });

  it("names a maintenance page and a gateway error for what they are", async () => {
    const { whmcs, sink } = client();
    mocks.setFault({ kind: "whmcs.maintenance" });
    await expect(whmcs.getInvoices(1001)).rejects.toMatchObject({ failure: "protocol", message: 'WHMCS GetInvoices failed: answered HTTP 200 with text/html instead of JSON ("Maintenance")' });
    mocks.clearFaults();
    mocks.setFault({ kind: "http-error", system: "whmcs", params: { status: 503 } });
    await expect(whmcs.getInvoices(1001)).rejects.toMatchObject({ failure: "http", status: 503 });
    expect(sink.records().map((record) => record.level)).toEqual(["error", "error"]);
  });

  it("pings with the runbook's GetClients, past an open circuit", async () => {
    const { whmcs } = client();
    await whmcs.ping(1_000);
    expect(mocks.journal({ system: "whmcs" }).map((entry) => entry.action)).toEqual(["GetClients"]);
  });
});
