import { defineToxic } from "./toxic.ts";

/**
 * Drops all data. With timeout > 0 the connection closes after that many ms
 * without data (each chunk restarts the clock); 0 keeps it open forever.
 * Removing the toxic closes the connections it held.
 */
export const timeout = defineToxic({
  type: "timeout",
  attributes: { timeout: 0 },
  pipe: ({ timeout: timeoutMs }, stub) => {
    let timer: NodeJS.Timeout | undefined;
    const stop = () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    };
    const restart = () => {
      if (timeoutMs <= 0) return;
      stop();
      timer = setTimeout(() => stub.end(), timeoutMs);
    };
    restart();
    return {
      write: () => restart(),
      end: () => {
        stop();
        stub.end();
      },
      interrupt: stop,
      cleanup: () => stub.end(),
    };
  },
});
