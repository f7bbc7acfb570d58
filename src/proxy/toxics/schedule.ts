import type { Chunk, ToxicStub } from "./toxic.ts";

type Item = { atMs: number; chunk: Chunk } | { atMs: number; chunk: null };

/**
 * An ordered release queue for toxics that hold data back (latency,
 * bandwidth, slicer, slow_close). Items leave in the order they were pushed,
 * never before their time; one timer serves the whole queue. What is held is
 * reported to the link for backpressure.
 */
export class Schedule {
  /** Released slots before `head` are cleared, so nothing released stays reachable. */
  private readonly items: (Item | undefined)[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;
  private lastAtMs = 0;

  constructor(private readonly stub: ToxicStub) {}

  /** The release time of the last item pushed (or 0): pacing toxics build on it. */
  get tailMs(): number {
    return this.lastAtMs;
  }

  push(atMs: number, chunk: Chunk): void {
    this.stub.hold(chunk.data.length);
    this.enqueue({ atMs, chunk });
  }

  /** End-of-stream, released after everything pushed before it. */
  pushEnd(atMs: number): void {
    this.enqueue({ atMs, chunk: null });
  }

  /** Release everything now, in order (the toxic is leaving the chain). */
  flush(): void {
    this.cancelTimer();
    this.release(Number.POSITIVE_INFINITY);
  }

  /** Drop everything without releasing it (the connection is gone). */
  discard(): void {
    this.cancelTimer();
    this.items.length = 0;
    this.head = 0;
  }

  private enqueue(item: Item): void {
    item.atMs = Math.max(item.atMs, this.lastAtMs);
    this.lastAtMs = item.atMs;
    this.items.push(item);
    if (this.items.length - this.head === 1) this.arm();
  }

  private arm(): void {
    const next = this.items[this.head];
    if (next === undefined) return;
    const waitMs = next.atMs - this.stub.now();
    // A due item goes out synchronously: a 0 ms latency adds no event-loop turn.
    if (waitMs <= 0 && this.timer === undefined) {
      this.release(this.stub.now());
      return;
    }
    this.cancelTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.release(this.stub.now());
    }, Math.max(0, waitMs));
  }

  private release(untilMs: number): void {
    while (this.head < this.items.length) {
      const item = this.items[this.head]!;
      // Timers fire up to a millisecond early or late; half a millisecond of slack keeps bursts together.
      if (item.atMs > untilMs + 0.5) break;
      this.items[this.head] = undefined;
      this.head += 1;
      if (item.chunk === null) {
        this.stub.end();
      } else {
        this.stub.hold(-item.chunk.data.length);
        this.stub.emit(item.chunk);
      }
    }
    if (this.head === this.items.length) {
      this.items.length = 0;
      this.head = 0;
      return;
    }
    // Compact, or a queue that never empties (a steady stream through a latency
    // or bandwidth toxic) grows by a slot per chunk for ever. Amortised O(1).
    if (this.head * 2 >= this.items.length) {
      this.items.splice(0, this.head);
      this.head = 0;
    }
    if (untilMs !== Number.POSITIVE_INFINITY) this.arm();
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
