import { Schedule } from "./schedule.ts";
import { defineToxic } from "./toxic.ts";

/**
 * Cuts each chunk into pieces of about `average_size` bytes (± `size_variation`),
 * sent `delay` microseconds apart; the cut points come from halving, as in Toxiproxy.
 */
export const slicer = defineToxic({
  type: "slicer",
  attributes: { average_size: 0, size_variation: 0, delay: 0 },
  pipe: ({ average_size: averageSize, size_variation: sizeVariation, delay: delayUs }, stub) => {
    const schedule = new Schedule(stub);
    const cuts = (start: number, end: number, out: number[]): void => {
      if (end - start <= averageSize) {
        out.push(end);
        return;
      }
      let mid = start + Math.floor((end - start) / 2);
      if (sizeVariation > 0) mid += Math.floor(Math.random() * sizeVariation * 2) - sizeVariation;
      mid = Math.min(end - 1, Math.max(start + 1, mid));
      cuts(start, mid, out);
      cuts(mid, end, out);
    };
    return {
      write: (chunk) => {
        if (averageSize <= 0) {
          schedule.push(stub.now(), chunk);
          return;
        }
        const ends: number[] = [];
        cuts(0, chunk.data.length, ends);
        let atMs = Math.max(schedule.tailMs, stub.now());
        let start = 0;
        for (const end of ends) {
          schedule.push(atMs, { data: chunk.data.subarray(start, end), arrivedAtMs: chunk.arrivedAtMs });
          start = end;
          atMs += delayUs / 1000;
        }
      },
      end: () => schedule.pushEnd(stub.now()),
      interrupt: () => schedule.flush(),
    };
  },
});
