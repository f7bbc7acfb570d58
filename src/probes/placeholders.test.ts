import { describe, expect, it } from "vitest";
import type { EnvironmentDescriptor } from "../env/descriptor.ts";
import { resolvePlaceholders } from "./placeholders.ts";

const descriptor = {
  name: "demo",
  services: { redis: { url: "redis://127.0.0.1:6390", port: 6390 } },
  target: { url: "http://127.0.0.1:4000", healthUrl: "http://127.0.0.1:4000/health", logDir: "/tmp/logs", pid: 42 },
  env: { DATABASE_URL: "postgres://x@127.0.0.1/portal" },
} as unknown as EnvironmentDescriptor;

describe("resolvePlaceholders", () => {
  it("fills target, services and env placeholders in every string, deep", () => {
    const params = { url: "{{target.healthUrl}}", nested: ["{{ services.redis.url }}", { port: "{{services.redis.port}}" }], cmd: "psql {{env.DATABASE_URL}} -c 'SELECT 1'", n: 3, on: true };
    expect(resolvePlaceholders(params, descriptor)).toEqual({
      url: "http://127.0.0.1:4000/health",
      nested: ["redis://127.0.0.1:6390", { port: "6390" }],
      cmd: "psql postgres://x@127.0.0.1/portal -c 'SELECT 1'",
      n: 3,
      on: true,
    });
  });

  it("fills extra names (run and fault values the engine knows)", () => {
    expect(resolvePlaceholders("since {{run.injectedAt}}", descriptor, { "run.injectedAt": "2026-01-01T00:00:00.000Z" })).toBe("since 2026-01-01T00:00:00.000Z");
  });

  it("refuses unknown roots, fields and a target the environment lacks", () => {
    expect(() => resolvePlaceholders("{{run.id}}", descriptor)).toThrow('placeholder {{run.id}}: unknown root "run" (allowed: target, services, env)');
    expect(() => resolvePlaceholders("{{target.nope}}", descriptor)).toThrow("placeholder {{target.nope}}: the environment descriptor has no such value");
    expect(() => resolvePlaceholders("{{env.MISSING}}", descriptor)).toThrow("placeholder {{env.MISSING}}");
    expect(() => resolvePlaceholders("{{target.logDir}}", { ...descriptor, target: undefined } as EnvironmentDescriptor)).toThrow('environment "demo" runs without a target');
  });
});
