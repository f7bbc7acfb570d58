import { describe, expect, it } from "vitest";
import { formatHostPort, parseHostPort } from "./address.ts";

describe("parseHostPort", () => {
  it("reads host and port in Go's forms", () => {
    expect(parseHostPort("localhost:6379", "listen")).toEqual({ host: "localhost", port: 6379 });
    expect(parseHostPort("[::1]:80", "listen")).toEqual({ host: "::1", port: 80 });
    expect(parseHostPort(":0", "listen")).toEqual({ host: "", port: 0 });
    expect(parseHostPort("127.0.0.1:", "listen")).toEqual({ host: "127.0.0.1", port: 0 });
  });

  it("rejects malformed addresses with Go's wording and a 500", () => {
    expect(() => parseHostPort("redis", "listen")).toThrow("listen tcp: address redis: missing port in address");
    expect(() => parseHostPort("a:b:c", "listen")).toThrow("too many colons in address");
    expect(() => parseHostPort("h:99999", "dial")).toThrow("dial tcp: address h:99999: invalid port");
    expect(() => parseHostPort("h:-1", "listen")).toThrow("invalid port");
  });

  it("formats bound addresses as Go prints them", () => {
    expect(formatHostPort("127.0.0.1", 5)).toBe("127.0.0.1:5");
    expect(formatHostPort("::", 5)).toBe("[::]:5");
  });
});
