import { describe, expect, it } from "vitest";
import { LoginRateLimiter, type WindowCounters } from "./rate-limiter.ts";

class MemoryCounters implements WindowCounters {
  readonly counts = new Map<string, number>();
  async hit(key: string, windowSeconds: number) {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    return { count: this.counts.get(key)!, resetInSeconds: windowSeconds };
  }
  async peek(key: string) {
    return { count: this.counts.get(key) ?? 0, resetInSeconds: 60 };
  }
  async reset(key: string) {
    this.counts.delete(key);
  }
}

const limits = { perIp: 3, perAccount: 2, windowSeconds: 60 };

describe("LoginRateLimiter", () => {
  it("counts every attempt against the IP", async () => {
    const limiter = new LoginRateLimiter(new MemoryCounters(), limits);
    for (let i = 0; i < 3; i++) expect(await limiter.attempt("203.0.113.5", `user${i}@example.com`)).toEqual({ allowed: true });
    expect(await limiter.attempt("203.0.113.5", "user9@example.com")).toEqual({ allowed: false, scope: "ip", retryAfterSeconds: 60 });
    expect(await limiter.attempt("203.0.113.6", "user9@example.com")).toEqual({ allowed: true });
  });

  it("counts failures against the account, whatever the IP, and a success clears them", async () => {
    const limiter = new LoginRateLimiter(new MemoryCounters(), limits);
    await limiter.failed("Aiko@example.com");
    expect(await limiter.attempt("198.51.100.1", "aiko@example.com")).toEqual({ allowed: true });
    await limiter.failed("aiko@example.com");
    expect(await limiter.attempt("198.51.100.2", "aiko@example.com")).toMatchObject({ allowed: false, scope: "account" });
    await limiter.succeeded("aiko@example.com");
    expect(await limiter.attempt("198.51.100.3", "aiko@example.com")).toEqual({ allowed: true });
  });

  it("lets a counter failure through to the caller", async () => {
    const broken: WindowCounters = { hit: () => Promise.reject(new Error("Connection is closed.")), peek: () => Promise.reject(new Error("Connection is closed.")), reset: async () => {} };
    await expect(new LoginRateLimiter(broken, limits).attempt("203.0.113.5", "a@example.com")).rejects.toThrow("Connection is closed.");
  });
});
