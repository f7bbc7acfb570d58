import { Schedule } from "./schedule.ts";
import { defineToxic } from "./toxic.ts";

/** Data flows unchanged; the close is held back `delay` ms. */
export const slowClose = defineToxic({
  type: "slow_close",
  attributes: { delay: 0 },
  pipe: ({ delay: delayMs }, stub) => {
    const schedule = new Schedule(stub);
    return {
      write: (chunk) => schedule.push(stub.now(), chunk),
      end: () => schedule.pushEnd(stub.now() + delayMs),
      interrupt: () => schedule.flush(),
    };
  },
});
