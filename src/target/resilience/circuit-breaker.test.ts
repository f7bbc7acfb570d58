import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "./circuit-breaker.ts";

function breaker(enabled = true) {
  const clock = { ms: 0 };
  const circuit = new CircuitBreaker({ enabled, failureThreshold: 3, resetMs: 1_000, now: () => clock.ms });
  return { circuit, clock };
}

describe("CircuitBreaker", () => {
  it("opens after the threshold of consecutive failures and refuses calls", () => {
    const { circuit } = breaker();
    circuit.failure();
    circuit.failure();
    expect(circuit.state).toBe("closed");
    expect(circuit.tryAcquire()).toBe(true);
    circuit.failure();
    expect(circuit.state).toBe("open");
    expect(circuit.tryAcquire()).toBe(false);
    expect(circuit.retryInMs).toBe(1_000);
  });

  it("a success in between resets the count", () => {
    const { circuit } = breaker();
    circuit.failure();
    circuit.failure();
    circuit.success();
    circuit.failure();
    circuit.failure();
    expect(circuit.state).toBe("closed");
  });

  it("lets exactly one trial call through after resetMs; success closes it", () => {
    const { circuit, clock } = breaker();
    for (let i = 0; i < 3; i++) circuit.failure();
    clock.ms = 999;
    expect(circuit.tryAcquire()).toBe(false);
    clock.ms = 1_000;
    expect(circuit.state).toBe("half-open");
    expect(circuit.tryAcquire()).toBe(true);
    expect(circuit.tryAcquire()).toBe(false);
    circuit.success();
    expect(circuit.state).toBe("closed");
    expect(circuit.tryAcquire()).toBe(true);
  });

  it("a failed trial reopens the circuit for another resetMs", () => {
    const { circuit, clock } = breaker();
    for (let i = 0; i < 3; i++) circuit.failure();
    clock.ms = 1_500;
    expect(circuit.tryAcquire()).toBe(true);
    circuit.failure();
    expect(circuit.state).toBe("open");
    expect(circuit.retryInMs).toBe(1_000);
  });

  it("a released trial frees the slot for the next caller", () => {
    const { circuit, clock } = breaker();
    for (let i = 0; i < 3; i++) circuit.failure();
    clock.ms = 1_000;
    expect(circuit.tryAcquire()).toBe(true);
    circuit.release();
    expect(circuit.tryAcquire()).toBe(true);
  });

  it("disabled, it counts failures but never refuses", () => {
    const { circuit } = breaker(false);
    for (let i = 0; i < 10; i++) circuit.failure();
    expect(circuit.consecutiveFailures).toBe(10);
    expect(circuit.state).toBe("closed");
    expect(circuit.tryAcquire()).toBe(true);
  });
});
