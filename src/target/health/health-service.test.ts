import { describe, expect, it } from "vitest";
import { HealthService } from "./health-service.ts";

const ok = async () => ({ ok: true });

describe("HealthService", () => {
  it("is ok when every check is ok, skipped or not configured", async () => {
    const health = new HealthService({ database: ok, cache: ok, whmcs: async () => ({ ok: true, details: { circuit: "closed" } }) }, { skip: ["cache"], timeoutMs: 100 });
    const report = await health.report();
    expect(report.status).toBe("ok");
    expect(report.checks.database).toMatchObject({ status: "ok", latencyMs: expect.any(Number) });
    expect(report.checks.cache).toEqual({ status: "skipped", reason: "PORTAL_HEALTH_SKIP" });
    expect(report.checks.salesforce).toEqual({ status: "skipped", reason: "not configured" });
    expect(report.checks.whmcs).toMatchObject({ status: "ok", circuit: "closed" });
  });

  it("fails with the error of a failing or throwing check", async () => {
    const health = new HealthService(
      { database: async () => ({ ok: false, error: "P1001: Can't reach database server" }), cache: async () => Promise.reject(new Error("Connection is closed.")) },
      { skip: [], timeoutMs: 100 },
    );
    const report = await health.report();
    expect(report.status).toBe("fail");
    expect(report.checks.database).toMatchObject({ status: "fail", error: "P1001: Can't reach database server" });
    expect(report.checks.cache).toMatchObject({ status: "fail", error: "Connection is closed." });
  });

  it("answers within its bound when a dependency hangs", async () => {
    const health = new HealthService({ cache: () => new Promise(() => {}) }, { skip: [], timeoutMs: 50 });
    const started = performance.now();
    const report = await health.report();
    expect(performance.now() - started).toBeLessThan(500);
    expect(report.checks.cache).toMatchObject({ status: "fail", error: "no answer within 50ms" });
  });
});
