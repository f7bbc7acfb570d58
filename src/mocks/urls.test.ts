import { describe, expect, it } from "vitest";
import { MockUrls } from "./urls.ts";

describe("MockUrls", () => {
  it("falls back to the direct URL and normalises public ones (trailing slash, WHMCS's api.php)", () => {
    const urls = new MockUrls();
    urls.setDirect("whmcs", "http://127.0.0.1:4000");
    expect(urls.public("whmcs")).toBe("http://127.0.0.1:4000");
    urls.setPublic("whmcs", "http://127.0.0.1:5000/includes/api.php");
    expect(urls.public("whmcs")).toBe("http://127.0.0.1:5000");
    urls.setPublic("salesforce", "http://127.0.0.1:6000/");
    expect(urls.public("salesforce")).toBe("http://127.0.0.1:6000");
  });

  it("rejects what is not an http(s) base URL, and a system not started", () => {
    const urls = new MockUrls();
    expect(() => urls.setPublic("freebit", "ftp://x")).toThrow(/must be an http\(s\) base URL/);
    expect(() => urls.setPublic("freebit", "not a url")).toThrow(/is not a URL/);
    expect(() => urls.public("freebit")).toThrow("mocks: the freebit mock has not started; call startMocks() first");
  });
});
