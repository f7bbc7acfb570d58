import { describe, expect, it } from "vitest";
import { ExternalCallError } from "../errors.ts";
import { Logger, MemorySink } from "../log/logger.ts";
import { ExternalGateway } from "./external-gateway.ts";

const policy = { timeoutMs: 50, circuitEnabled: true, circuitFailureThreshold: 2, circuitResetMs: 60_000 };

function gateway() {
  const sink = new MemorySink();
  return { sink, whmcs: new ExternalGateway("whmcs", policy, new Logger(sink)) };
}

describe("ExternalGateway", () => {
  it("logs a successful call with its system, operation and duration", async () => {
    const { sink, whmcs } = gateway();
    await expect(whmcs.call("GetInvoices", async () => 42)).resolves.toBe(42);
    expect(sink.records()).toEqual([
      expect.objectContaining({ level: "info", msg: "WHMCS GetInvoices ok", component: "whmcs", system: "whmcs", operation: "GetInvoices", duration: expect.any(Number) }),
    ]);
  });

  it("times a slow call out, names the timeout and logs it as a WHMCS error", async () => {
    const { sink, whmcs } = gateway();
    const hang = (signal: AbortSignal) => new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
    await expect(whmcs.call("GetInvoices", hang)).rejects.toMatchObject({ failure: "timeout", message: "WHMCS GetInvoices failed: timed out after 50ms" });
    expect(sink.records()[0]).toMatchObject({ level: "error", msg: "WHMCS GetInvoices failed: timed out after 50ms", failure: "timeout" });
  });

  it("calls a refused connection unreachable, with the socket error", async () => {
    const { whmcs } = gateway();
    const refused = async () => {
      throw new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:9") });
    };
    await expect(whmcs.call("GetPayMethods", refused)).rejects.toMatchObject({ failure: "unreachable", message: "WHMCS GetPayMethods failed: connect ECONNREFUSED 127.0.0.1:9" });
  });

  it("opens the circuit after the threshold and then fails fast without calling", async () => {
    const { sink, whmcs } = gateway();
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new ExternalCallError("whmcs", "GetInvoices", "http", "HTTP 503");
    };
    await expect(whmcs.call("GetInvoices", failing)).rejects.toThrow();
    await expect(whmcs.call("GetInvoices", failing)).rejects.toThrow();
    await expect(whmcs.call("GetInvoices", failing)).rejects.toMatchObject({ failure: "circuit-open" });
    expect(calls).toBe(2);
    expect(sink.records().at(-1)?.msg).toMatch(/^WHMCS GetInvoices failed: circuit open after 2 consecutive failures/);
    // Health checks still reach the system.
    await expect(whmcs.call("GetClients", async () => "ok", { bypassCircuit: true })).resolves.toBe("ok");
  });

  it("does not count a rejected request against the system", async () => {
    const { sink, whmcs } = gateway();
    const rejected = async () => {
      throw new ExternalCallError("whmcs", "GetPayMethods", "rejected", "Client Not Found");
    };
    for (let i = 0; i < 3; i++) await expect(whmcs.call("GetPayMethods", rejected)).rejects.toMatchObject({ failure: "rejected" });
    expect(whmcs.breaker.state).toBe("closed");
    expect(sink.records()[0]?.level).toBe("warn");
  });
});
