import type { ToxicSpec } from "./toxic-spec.ts";
import { noop } from "./toxics/noop.ts";
import type { Chunk, ToxicPipe, ToxicStub } from "./toxics/toxic.ts";

/** Where a chunk goes next: another toxic, or the destination socket. */
export interface ChunkTarget {
  write(chunk: Chunk): void;
  end(): void;
}

/** What a node needs from its link. */
export interface NodeHost {
  hold(bytes: number): void;
  reset(): void;
}

/**
 * One toxic in one link's chain. Owns the toxicity draw (made again on each
 * update, as Toxiproxy restarts the toxic) and the per-link state that
 * survives updates. After a pipe is interrupted, its stub goes dead so a
 * stray timer cannot touch the connection.
 */
export class ToxicNode implements ChunkTarget {
  next: ChunkTarget;
  private pipe: ToxicPipe;
  private live = { value: true };
  private endedIn = false;
  private endedOut = false;
  /** While an update retires the old pipe, what it lets go of is collected here for the new one. */
  private handover: Chunk[] | undefined;
  private readonly state: unknown;

  constructor(
    public spec: ToxicSpec,
    private readonly host: NodeHost,
    next: ChunkTarget,
  ) {
    this.next = next;
    this.state = spec.kind.newState?.();
    this.pipe = this.draw();
  }

  write(chunk: Chunk): void {
    if (!this.endedIn) this.pipe.write(chunk);
  }

  end(): void {
    if (this.endedIn) return;
    this.endedIn = true;
    this.pipe.end();
  }

  /**
   * New attributes or toxicity: a new pipe takes over, and what the old one
   * still held goes through the new one (arrival stamps kept), so updating a
   * bandwidth toxic does not burst everything it had queued, and a held
   * end-of-stream is not lost.
   */
  replace(spec: ToxicSpec): void {
    const held: Chunk[] = [];
    this.handover = held;
    try {
      this.retire();
    } finally {
      this.handover = undefined;
    }
    this.spec = spec;
    this.pipe = this.draw();
    for (const chunk of held) this.pipe.write(chunk);
    if (this.endedIn && !this.endedOut) this.pipe.end();
  }

  /** Leaving the chain: what it holds goes on to `next`; on removal the toxic may also close the connection. */
  remove(): void {
    this.pipe.interrupt();
    this.pipe.cleanup?.();
    this.live.value = false;
    // A pipe may sit on end-of-stream (reset_peer waiting to fire): pass it on, or the connection never closes.
    if (this.endedIn && !this.endedOut) {
      this.endedOut = true;
      this.next.end();
    }
  }

  /** The connection is gone: stop timers, deliver nothing. */
  dispose(): void {
    this.live.value = false;
    this.pipe.interrupt();
  }

  private retire(): void {
    this.pipe.interrupt();
    this.live.value = false;
  }

  private draw(): ToxicPipe {
    const live = { value: true };
    this.live = live;
    const stub: ToxicStub = {
      emit: (chunk) => {
        if (!live.value || this.endedOut) return;
        if (this.handover !== undefined) this.handover.push(chunk);
        else this.next.write(chunk);
      },
      end: () => {
        // During a handover the new pipe gets end-of-stream after the held data (see replace).
        if (!live.value || this.endedOut || this.handover !== undefined) return;
        this.endedOut = true;
        this.next.end();
      },
      reset: () => {
        if (live.value) this.host.reset();
      },
      hold: (bytes) => this.host.hold(bytes),
      now: () => performance.now(),
    };
    const acts = this.spec.toxicity >= 1 || Math.random() < this.spec.toxicity;
    return acts ? this.spec.kind.pipe(this.spec.attributes, stub, this.state) : noop.pipe({}, stub, undefined);
  }
}
