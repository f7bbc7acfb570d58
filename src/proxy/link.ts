import type { Socket } from "node:net";
import { type ChunkTarget, ToxicNode } from "./toxic-node.ts";
import type { Direction, ToxicSpec } from "./toxic-spec.ts";

/** Bytes held in toxics beyond which the source socket is paused, and below which it resumes. */
const HOLD_HIGH_BYTES = 1 << 20;
const HOLD_LOW_BYTES = 256 << 10;

export interface LinkOwner {
  /** End-of-stream reached this link's destination. */
  linkFinished(link: Link): void;
  reset(): void;
}

/**
 * One direction of a connection: source socket → toxic chain → destination
 * socket. Upstream is client → server, downstream is server → client. With no
 * toxic the chain is empty and data goes straight to the destination.
 */
export class Link {
  private readonly nodes: ToxicNode[] = [];
  private readonly sink: ChunkTarget;
  private heldBytes = 0;
  private pausedForHold = false;
  private pausedForDrain = false;
  private ended = false;
  finished = false;

  constructor(
    readonly direction: Direction,
    private readonly source: Socket,
    private readonly destination: Socket,
    toxics: readonly ToxicSpec[],
    private readonly owner: LinkOwner,
  ) {
    this.sink = {
      write: (chunk) => this.writeDestination(chunk.data),
      end: () => this.finish(),
    };
    for (const spec of toxics) this.addToxic(spec);
    destination.on("drain", () => {
      this.pausedForDrain = false;
      this.flow();
    });
    source.on("data", (data: Buffer) => this.first().write({ data, arrivedAtMs: performance.now() }));
    source.on("end", () => this.endOfStream());
  }

  /** The source ended or went away: push end-of-stream through the chain. */
  endOfStream(): void {
    if (this.ended) return;
    this.ended = true;
    this.first().end();
  }

  addToxic(spec: ToxicSpec): void {
    const node = new ToxicNode(spec, { hold: (bytes) => this.hold(bytes), reset: () => this.owner.reset() }, this.sink);
    const last = this.nodes.at(-1);
    if (last !== undefined) last.next = node;
    this.nodes.push(node);
  }

  updateToxic(spec: ToxicSpec): void {
    this.nodes.find((node) => node.spec.name === spec.name)?.replace(spec);
  }

  removeToxic(name: string): void {
    const index = this.nodes.findIndex((node) => node.spec.name === name);
    if (index < 0) return;
    const node = this.nodes[index]!;
    node.remove();
    const previous = this.nodes[index - 1];
    if (previous !== undefined) previous.next = node.next;
    this.nodes.splice(index, 1);
  }

  dispose(): void {
    this.finished = true;
    for (const node of this.nodes) node.dispose();
  }

  private first(): ChunkTarget {
    return this.nodes[0] ?? this.sink;
  }

  private writeDestination(data: Buffer): void {
    if (this.finished || this.destination.destroyed) return;
    if (!this.destination.write(data)) {
      this.pausedForDrain = true;
      this.flow();
    }
  }

  private hold(bytes: number): void {
    this.heldBytes += bytes;
    const over = this.heldBytes > HOLD_HIGH_BYTES;
    if (over !== this.pausedForHold && (over || this.heldBytes < HOLD_LOW_BYTES)) {
      this.pausedForHold = over;
      this.flow();
    }
  }

  private flow(): void {
    if (this.source.destroyed) return;
    if (this.pausedForHold || this.pausedForDrain) this.source.pause();
    else this.source.resume();
  }

  /** No TCP half-close, as in Toxiproxy: the destination closes once what is queued for it is written. */
  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (!this.destination.destroyed) this.destination.end(() => this.destination.destroy());
    this.owner.linkFinished(this);
  }
}
