import { defineToxic } from "./toxic.ts";

/**
 * Passes `bytes` bytes per connection and direction, then closes the
 * connection. The count survives updates of the toxic (per-link state).
 */
export const limitData = defineToxic({
  type: "limit_data",
  attributes: { bytes: 0 },
  newState: () => ({ sentBytes: 0 }),
  pipe: ({ bytes }, stub, state) => {
    let closed = false;
    const close = () => {
      closed = true;
      stub.end();
    };
    return {
      write: (chunk) => {
        if (closed) return;
        // Below zero when an update lowered the limit under what was already sent: nothing more passes.
        const remaining = Math.max(0, bytes - state.sentBytes);
        const data = chunk.data.length > remaining ? chunk.data.subarray(0, remaining) : chunk.data;
        if (data.length > 0) {
          state.sentBytes += data.length;
          stub.emit(data === chunk.data ? chunk : { data, arrivedAtMs: chunk.arrivedAtMs });
        }
        if (bytes - state.sentBytes <= 0) close();
      },
      end: () => {
        if (!closed) close();
      },
      interrupt: () => {},
    };
  },
});
