import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type StartedMocks, startMocks } from "../src/mocks/index.ts";
import { curl, whmcs } from "./support/mocks.ts";

describe("WHMCS /includes/api.php", () => {
  let mocks: StartedMocks;
  let url: string;
  let auth: { identifier: string; secret: string };
  const call = (params: Record<string, string>) => whmcs(url, { ...auth, responsetype: "json", ...params });

  beforeAll(async () => {
    mocks = await startMocks();
    url = mocks.whmcs.url;
    auth = { identifier: mocks.whmcs.identifier, secret: mocks.whmcs.secret };
  });
  beforeEach(() => mocks.reset());
  afterAll(async () => {
    await mocks?.close();
  });

  describe("the runbook's command: curl -X POST $WHMCS_API_URL -d \"action=GetClients&responsetype=json\"", () => {
    const runbookCurl = () => curl(["-X", "POST", url, "-d", `action=GetClients&responsetype=json&identifier=${auth.identifier}&secret=${auth.secret}`]);

    it("answers as WHMCS does: result success, wrapped list, numbers as strings", async () => {
      const { status, body } = await runbookCurl();
      expect(status).toBe(200);
      const json = JSON.parse(body);
      expect(json).toMatchObject({ result: "success", totalresults: "20", startnumber: 0, numreturned: 20 });
      expect(json.clients.client[0]).toEqual({
        id: "1001",
        firstname: "Aiko",
        lastname: "Tanaka",
        companyname: "",
        email: "aiko.tanaka@example.com",
        datecreated: "2026-11-01",
        groupid: "0",
        status: "Active",
      });
    });

    it("fails as WHMCS does with the http-error fault on (503, an HTML page), and recovers when it is cleared", async () => {
      const fault = mocks.setFault({ kind: "http-error", system: "whmcs", params: { status: 503 } });
      const failed = await runbookCurl();
      expect(failed.status).toBe(503);
      expect(failed.body).toContain("<title>503 Service Unavailable</title>");
      mocks.clearFault(fault.id);
      expect((await runbookCurl()).status).toBe(200);
    });

    it("fails with the maintenance page (HTTP 200, HTML) that breaks JSON clients", async () => {
      mocks.setFault({ kind: "whmcs.maintenance" });
      const { status, body } = await runbookCurl();
      expect(status).toBe(200);
      expect(() => JSON.parse(body)).toThrow();
      expect(body).toContain("Down for Maintenance");
    });

    it("without credentials: Authentication Failed", async () => {
      const { status, body } = await curl(["-X", "POST", url, "-d", "action=GetClients&responsetype=json"]);
      expect(status).toBe(403);
      expect(JSON.parse(body)).toEqual({ result: "error", message: "Authentication Failed" });
    });

    it("with the credentials revoked: Authentication Failed; with the IP off the allow-list: 403 Invalid IP", async () => {
      const revoked = mocks.setFault({ kind: "whmcs.auth-failure" });
      expect(JSON.parse((await runbookCurl()).body)).toEqual({ result: "error", message: "Authentication Failed" });
      mocks.clearFault(revoked.id);
      mocks.setFault({ kind: "whmcs.ip-blocked", params: { ip: "127.0.0.1" } });
      const blocked = await runbookCurl();
      expect(blocked.status).toBe(403);
      expect(JSON.parse(blocked.body)).toEqual({ result: "error", message: "Invalid IP 127.0.0.1" });
    });
  });

  it("answers XML for responsetype=xml and the deprecated name=value pairs without responsetype", async () => {
    const xml = await whmcs(url, { ...auth, action: "GetClients", responsetype: "xml", limitnum: "1" });
    expect(xml.contentType).toContain("text/xml");
    expect(xml.text).toContain('<whmcsapi version="8.13.1">');
    expect(xml.text).toContain("<clients>\n<client>\n<id>1001</id>");
    const nvp = await whmcs(url, { ...auth, action: "GetClients", limitnum: "1" });
    expect(nvp.text).toBe("result=success;totalresults=20;startnumber=0;numreturned=1;");
  });

  it("reports errors as HTTP 200 result=error: unknown action, unknown client", async () => {
    const unknown = await call({ action: "DoMeAFavor" });
    expect([unknown.status, unknown.json()]).toEqual([200, { result: "error", message: "Command Not Found" }]);
    const missing = await call({ action: "GetClientsDetails", clientid: "999" });
    expect([missing.status, missing.json()]).toEqual([200, { result: "error", message: "Client Not Found" }]);
  });

  it("GetClients searches and pages", async () => {
    const found = (await call({ action: "GetClients", search: "yui.suzuki" })).json();
    expect(found.clients.client.map((client: { id: string }) => client.id)).toEqual(["1003"]);
    const paged = (await call({ action: "GetClients", limitstart: "18", limitnum: "5" })).json();
    expect(paged).toMatchObject({ totalresults: "20", startnumber: 18, numreturned: 2 });
  });

  it("GetClientsDetails by email, GetClientsProducts with SIM custom fields, GetInvoices, GetPayMethods", async () => {
    const details = (await call({ action: "GetClientsDetails", email: "aiko.tanaka@example.com" })).json();
    expect(details).toMatchObject({ result: "success", userid: 1001, client: { email: "aiko.tanaka@example.com", fullname: "Aiko Tanaka" } });
    const products = (await call({ action: "GetClientsProducts", clientid: "1001" })).json();
    expect(products.products.product.map((product: { orderid: string }) => product.orderid)).toEqual(["5001", "5020", "5039"]);
    expect(products.products.product[0].customfields.customfield).toContainEqual({ id: "2", name: "MSISDN", translated_name: "MSISDN", value: "07012340001" });
    const invoices = (await call({ action: "GetInvoices", userid: "1001" })).json();
    expect(invoices.invoices.invoice[0]).toMatchObject({ id: "9039", userid: "1001", status: "Unpaid", currencycode: "JPY" });
    const paymethods = (await call({ action: "GetPayMethods", clientid: "1001" })).json();
    expect(paymethods).toMatchObject({ result: "success", clientid: 1001, paymethods: [{ id: 1, type: "RemoteCreditCard", card_last_four: "4242" }] });
  });

  it("AddOrder then AcceptOrder (once: a second accept fails as WHMCS says)", async () => {
    const added = (await call({ action: "AddOrder", clientid: "1004", paymentmethod: "stripe", "pid[0]": "3" })).json();
    expect(added).toMatchObject({ result: "success", orderid: 5041, serviceids: "7041", invoiceid: 9041 });
    const products = (await call({ action: "GetClientsProducts", serviceid: "7041" })).json();
    expect(products.products.product[0]).toMatchObject({ status: "Pending", name: "Voice SIM 5GB" });
    expect((await call({ action: "AcceptOrder", orderid: "5041", autosetup: "1" })).json()).toEqual({ result: "success" });
    expect((await call({ action: "GetClientsProducts", serviceid: "7041" })).json().products.product[0].status).toBe("Active");
    expect((await call({ action: "AcceptOrder", orderid: "5041" })).json()).toEqual({ result: "error", message: "Order ID not found or Status not Pending" });
    expect((await call({ action: "AddOrder", clientid: "1004", paymentmethod: "stripe", "pid[0]": "99" })).json().message).toBe("Invalid Product ID");
    expect((await call({ action: "AddOrder", clientid: "1004", paymentmethod: "cash", "pid[0]": "1" })).json().message).toMatch(/^Invalid Payment Method/);
  });

  it("CreateSsoToken gives a single-use link; ValidateLogin checks the password", async () => {
    const sso = (await call({ action: "CreateSsoToken", client_id: "1002" })).json();
    expect(sso.redirect_url).toBe(`${mocks.whmcs.url.replace("/includes/api.php", "")}/oauth/singlesignon.php?access_token=${sso.access_token}`);
    const first = await fetch(sso.redirect_url, { redirect: "manual" });
    const second = await fetch(sso.redirect_url, { redirect: "manual" });
    expect([first.status, first.headers.get("location")]).toEqual([302, "/clientarea.php"]);
    expect(second.headers.get("location")).toBe("/login.php?incorrect=true");
    expect((await call({ action: "ValidateLogin", email: "haruto.sato@example.com", password2: "drill-password-1" })).json()).toMatchObject({ result: "success", userid: 1002 });
    expect((await call({ action: "ValidateLogin", email: "haruto.sato@example.com", password2: "wrong" })).json()).toEqual({ result: "error", message: "Email or Password Invalid" });
    expect((await call({ action: "ValidateLogin", email: "ethan.kim@example.com", password2: "drill-password-1" })).json().message).toBe("Email or Password Invalid");
  });

  it("journals each call with its action", async () => {
    const since = Date.now();
    await call({ action: "GetInvoices", userid: "1001" });
    expect(mocks.journal({ system: "whmcs", since })).toEqual([expect.objectContaining({ method: "POST", path: "/includes/api.php", action: "GetInvoices", status: 200, outcome: "responded" })]);
  });
});
