/**
 * The toxic extension point. A toxic kind is plain metadata (type, attribute
 * defaults) plus one factory, `pipe`, that turns attributes into the behaviour
 * of one direction of one connection. Kept apart from the metadata the API
 * shows (name, stream, toxicity), as in Toxiproxy.
 */

/** A piece of data read from a socket, stamped with when the proxy read it. */
export interface Chunk {
  readonly data: Buffer;
  /** performance.now() when the proxy read it; latency is measured from here, so toxics do not add up. */
  readonly arrivedAtMs: number;
}

/** What a toxic may do to its link: pass data and end-of-stream on, reset the connection, report what it holds. */
export interface ToxicStub {
  /** Pass data to the next toxic, or to the destination socket. */
  emit(chunk: Chunk): void;
  /** Pass end-of-stream on; when it reaches the end of the chain the connection closes. */
  end(): void;
  /** Reset both sockets at once (TCP RST). */
  reset(): void;
  /** Account bytes the toxic holds back (positive) or has let go (negative), so the link can pause its source. */
  hold(bytes: number): void;
  /** Monotonic milliseconds (performance.now()). */
  now(): number;
}

/** One toxic acting on one direction of one connection. */
export interface ToxicPipe {
  write(chunk: Chunk): void;
  /** End-of-stream arrived from upstream in the chain. */
  end(): void;
  /** The toxic leaves this link (removed, or replaced by an update): let go of what it holds, in order, and stop its timers. */
  interrupt(): void;
  /** Only on removal (not on update): e.g. the timeout toxic closes its connections. */
  cleanup?(): void;
}

/** All attributes of the built-in toxics are 64-bit integers in Toxiproxy. */
export type ToxicAttributes = Record<string, number>;

export interface ToxicKind<A extends ToxicAttributes = ToxicAttributes, S = unknown> {
  readonly type: string;
  /** Every attribute with its default; the API always shows all of them, in this order. */
  readonly attributes: A;
  /** Per-link state that survives updates of the toxic (limit_data counts bytes already sent). */
  newState?(): S;
  pipe(attributes: A, stub: ToxicStub, state: S): ToxicPipe;
}

/** Typing helper in the style of defineConfig(): returns its argument. */
export function defineToxic<A extends ToxicAttributes, S = undefined>(kind: ToxicKind<A, S>): ToxicKind<A, S> {
  return kind;
}
