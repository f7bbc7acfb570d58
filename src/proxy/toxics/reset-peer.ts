import { defineToxic } from "./toxic.ts";

/** On the first data (or end-of-stream), waits `timeout` ms, then resets both sockets with a TCP RST. Data is dropped. */
export const resetPeer = defineToxic({
  type: "reset_peer",
  attributes: { timeout: 0 },
  pipe: ({ timeout: timeoutMs }, stub) => {
    let armed = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      if (armed) return;
      armed = true;
      if (timeoutMs <= 0) stub.reset();
      else timer = setTimeout(() => stub.reset(), timeoutMs);
    };
    return {
      write: arm,
      end: arm,
      interrupt: () => clearTimeout(timer),
    };
  },
});
