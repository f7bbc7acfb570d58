/** Thrown when the run's signal aborts a wait: SIGINT, SIGTERM, a time limit. */
export class Interrupted extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "Interrupted";
  }
}

/** The reason a signal was aborted with, as text. */
export function abortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason.message;
  return typeof reason === "string" ? reason : "interrupted";
}

/** Resolves after `ms`, or rejects with Interrupted as soon as the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new Interrupted(abortReason(signal)));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Interrupted(abortReason(signal!)));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Rejects with Interrupted if the signal was aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new Interrupted(abortReason(signal));
}
