import { describe, expect, it } from "vitest";
import { page, renderWhmcs } from "./format.ts";

const body = { result: "success", totalresults: "1", clients: { client: [{ id: "1001", email: "a&b@example.com" }] } };
const options = { action: "GetClients", version: "8.13.1" };

describe("renderWhmcs", () => {
  it("answers JSON for responsetype=json", async () => {
    const response = renderWhmcs(body, { ...options, responsetype: "json" });
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual(body);
  });

  it("answers WHMCS's XML, wrapped lists repeated under their singular key, text escaped", async () => {
    const xml = await renderWhmcs(body, { ...options, responsetype: "XML" }).text();
    expect(xml).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<whmcsapi version="8.13.1">\n<action>getclients</action>\n<result>success</result>\n<totalresults>1</totalresults>\n<clients>\n<client>\n<id>1001</id>\n<email>a&amp;b@example.com</email>\n</client>\n</clients>\n</whmcsapi>',
    );
  });

  it("falls back to NVP (top-level scalars) without responsetype, keeping the status", async () => {
    const response = renderWhmcs({ result: "error", message: "Invalid IP 1.2.3.4" }, { ...options, responsetype: null, status: 403 });
    expect([response.status, await response.text()]).toEqual([403, "result=error;message=Invalid IP 1.2.3.4;"]);
  });
});

describe("page", () => {
  it("pages with limitstart/limitnum; totalresults is a string, the rest numbers", () => {
    const params = new URLSearchParams({ limitstart: "2", limitnum: "2" });
    expect(page([1, 2, 3, 4, 5], params)).toEqual({ slice: [3, 4], meta: { totalresults: "5", startnumber: 2, numreturned: 2 } });
    expect(page([1, 2], new URLSearchParams({ limitstart: "x", limitnum: "-3" })).meta).toEqual({ totalresults: "2", startnumber: 0, numreturned: 0 });
  });
});
