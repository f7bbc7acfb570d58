import { Schedule } from "./schedule.ts";
import { defineToxic } from "./toxic.ts";

/** Toxiproxy releases at most 100 ms worth of data at a time. */
const SLICE_MS = 100;

/** Paces data to `rate` KB/s (1 KB = 1000 bytes, so `rate` is also bytes per millisecond); rate <= 0 is unlimited. */
export const bandwidth = defineToxic({
  type: "bandwidth",
  attributes: { rate: 0 },
  pipe: ({ rate }, stub) => {
    const schedule = new Schedule(stub);
    return {
      write: (chunk) => {
        if (rate <= 0) {
          schedule.push(stub.now(), chunk);
          return;
        }
        const sliceBytes = rate * SLICE_MS;
        for (let offset = 0; offset < chunk.data.length; offset += sliceBytes) {
          const data = chunk.data.subarray(offset, offset + sliceBytes);
          const startMs = Math.max(schedule.tailMs, stub.now());
          schedule.push(startMs + data.length / rate, { data, arrivedAtMs: chunk.arrivedAtMs });
        }
      },
      end: () => schedule.pushEnd(stub.now()),
      interrupt: () => schedule.flush(),
    };
  },
});
