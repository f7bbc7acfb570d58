import { describe, expect, it } from "vitest";
import { CookieJar } from "./cookie-jar.ts";

describe("CookieJar", () => {
  it("sends back what the server set, without attributes", () => {
    const jar = new CookieJar();
    expect(jar.header()).toBeUndefined();
    jar.store(["BAYEUX_BROWSER=abc123; Path=/; HttpOnly", "sfdc-stream=!xyz=; Path=/; Secure"]);
    expect(jar.header()).toBe("BAYEUX_BROWSER=abc123; sfdc-stream=!xyz=");
  });

  it("replaces a cookie set again and forgets an expired one", () => {
    const jar = new CookieJar();
    jar.store(["BAYEUX_BROWSER=one", "other=x"]);
    jar.store(["BAYEUX_BROWSER=two", "other=; Max-Age=0"]);
    expect(jar.header()).toBe("BAYEUX_BROWSER=two");
    jar.store(["BAYEUX_BROWSER=gone; Expires=Thu, 01 Jan 1970 00:00:00 GMT"]);
    expect(jar.header()).toBeUndefined();
  });
});
