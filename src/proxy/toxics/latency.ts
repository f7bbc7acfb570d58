import { Schedule } from "./schedule.ts";
import { defineToxic } from "./toxic.ts";

/**
 * Delays each chunk to its arrival time + latency ± uniform jitter, keeping
 * order. Measured from arrival at the proxy, so two latency toxics of 100 ms
 * give 100 ms, not 200 (as in Toxiproxy).
 */
export const latency = defineToxic({
  type: "latency",
  attributes: { latency: 0, jitter: 0 },
  pipe: ({ latency: latencyMs, jitter: jitterMs }, stub) => {
    const schedule = new Schedule(stub);
    const delayMs = () =>
      jitterMs > 0 ? latencyMs + Math.floor(Math.random() * jitterMs * 2) - jitterMs : latencyMs;
    return {
      write: (chunk) => schedule.push(chunk.arrivedAtMs + delayMs(), chunk),
      end: () => schedule.pushEnd(stub.now()),
      interrupt: () => schedule.flush(),
    };
  },
});
