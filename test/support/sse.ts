import type { StartedPortal } from "../../src/target/index.ts";

export interface SseFrame {
  readonly event: string;
  readonly data: any;
}

export interface OpenStream {
  readonly status: number;
  readonly frames: SseFrame[];
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  next(event: string, timeoutMs?: number): Promise<SseFrame>;
  close(): void;
}

/** GET /orders/stream as an EventSource would, frames parsed as they arrive. */
export async function openOrderStream(portal: StartedPortal, token: string): Promise<OpenStream> {
  const abort = new AbortController();
  const response = await fetch(`${portal.url}/orders/stream?access_token=${encodeURIComponent(token)}`, { headers: { Accept: "text/event-stream" }, signal: abort.signal });
  const frames: SseFrame[] = [];
  const waiters = new Set<() => void>();
  const ended = (async () => {
    if (response.body === null) return;
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event !== undefined && data !== undefined) frames.push({ event, data: JSON.parse(data) });
          for (const wake of waiters) wake();
        }
      }
    } catch {
      // Aborted by close().
    }
  })();
  return {
    status: response.status,
    frames,
    ended,
    close: () => abort.abort(),
    async next(event, timeoutMs = 10_000) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const found = frames.find((frame) => frame.event === event);
        if (found) return found;
        if (performance.now() > deadline) throw new Error(`no "${event}" event within ${timeoutMs}ms; got ${JSON.stringify(frames)}`);
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiters.delete(wake);
            resolve();
          };
          waiters.add(wake);
          setTimeout(wake, 100);
        });
      }
    },
  };
}
