import { describe, expect, it } from "vitest";
import { injectFault } from "../../faults/registry.ts";
import { useEnvironment } from "../../faults/testing.ts";
import { checkProbe } from "../registry.ts";

const environment = useEnvironment("p-shell");

describe("shell probe", () => {
  it("runs a runbook command in the environment's shell and tests its output", async () => {
    const descriptor = environment();
    expect(await checkProbe("shell", { descriptor, params: { command: "redis-cli ping" } })).toMatchObject({ status: "ok", output: { exitCode: 0, output: expect.stringContaining("PONG") } });
    const down = await injectFault("proxy.down", { descriptor, target: "redis" });
    try {
      expect(await checkProbe("shell", { descriptor, params: { command: "redis-cli ping", output: "Could not connect|Connection refused", outputNot: "PONG" } })).toMatchObject({ status: "ok" });
    } finally {
      await down.revert();
    }
  });

  it("sees the environment's variables and tests the exit code", async () => {
    const descriptor = environment();
    expect(await checkProbe("shell", { descriptor, params: { command: 'test -n "$DATABASE_URL" && exit 3', exitCode: 3 } })).toMatchObject({ status: "ok", output: { exitCode: 3 } });
    expect(await checkProbe("shell", { descriptor, params: { command: "false" } })).toMatchObject({ status: "fail", output: { exitCode: 1 } });
  });

  it("kills a command that outlives timeoutMs and reports an error", async () => {
    const started = performance.now();
    const result = await checkProbe("shell", { descriptor: environment(), params: { command: "sleep 30", timeoutMs: 300 } });
    expect(result).toMatchObject({ status: "error", error: "command did not finish within 300ms: sleep 30" });
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
