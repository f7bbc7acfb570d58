import { describe, expect, it } from "vitest";
import { useEnvironment } from "../../faults/testing.ts";
import { checkProbe } from "../registry.ts";

const environment = useEnvironment("p-http-json");

describe("http-json", () => {
  it("tests the value at a JSON path: equals, notEquals, exists", async () => {
    const descriptor = environment();
    const url = `${descriptor.mocks.controlUrl}/`;
    const path = "$.services.whmcs.identifier";
    const identifier = descriptor.services.whmcs.identifier;

    const equal = await checkProbe("http-json", { descriptor, params: { url, path, equals: identifier } });
    expect(equal).toMatchObject({ status: "ok", matched: true, output: { status: 200, path, value: identifier } });
    expect(equal.durationMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(equal.endedAt)).toBeGreaterThanOrEqual(Date.parse(equal.startedAt));

    expect(await checkProbe("http-json", { descriptor, params: { url, path, notEquals: identifier } })).toMatchObject({ status: "fail", matched: false });
    expect(await checkProbe("http-json", { descriptor, params: { url, path: "$.services.nothing.here", exists: false } })).toMatchObject({ status: "ok", output: { value: null } });
    expect(await checkProbe("http-json", { descriptor, params: { url, path: "$.services.nothing.here" } })).toMatchObject({ status: "fail" });
  });

  it("reports an unreachable URL as status error, not as a failed condition", async () => {
    const descriptor = environment();
    const result = await checkProbe("http-json", { descriptor, params: { url: "http://127.0.0.1:1/health", path: "$.status", equals: "ok", timeoutMs: 1_000 } });
    expect(result).toMatchObject({ status: "error", matched: false });
    expect(result.error).toBeTruthy();
  });

  it("refuses a malformed path, naming the param", async () => {
    await expect(checkProbe("http-json", { descriptor: environment(), params: { url: "http://x", path: "checks.cache" } })).rejects.toThrow(
      'probe "http-json": params.path: "checks.cache" is not a JSON path such as $.checks.cache.status',
    );
  });
});
