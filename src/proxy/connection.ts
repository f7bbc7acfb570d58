import type { Socket } from "node:net";
import { Link, type LinkOwner } from "./link.ts";
import type { Direction, ToxicSpec } from "./toxic-spec.ts";

/**
 * A client connection and its upstream connection, joined by two links.
 * Either side ending or going away ends the other link too, through its
 * toxics, so nothing queued is lost before both sockets close.
 */
export class Connection implements LinkOwner {
  private readonly upstream: Link;
  private readonly downstream: Link;
  private closed = false;

  constructor(
    private readonly client: Socket,
    private readonly server: Socket,
    toxics: readonly ToxicSpec[],
    private readonly onClosed: (connection: Connection) => void,
  ) {
    this.upstream = new Link("upstream", client, server, toxics.filter((t) => t.direction === "upstream"), this);
    this.downstream = new Link("downstream", server, client, toxics.filter((t) => t.direction === "downstream"), this);
    for (const [socket, link] of [
      [client, this.upstream],
      [server, this.downstream],
    ] as const) {
      socket.on("error", () => {});
      socket.on("close", () => link.endOfStream());
    }
  }

  link(direction: Direction): Link {
    return direction === "upstream" ? this.upstream : this.downstream;
  }

  linkFinished(link: Link): void {
    const other = link === this.upstream ? this.downstream : this.upstream;
    // Both links have ended their destinations; the sockets close once their writes are flushed.
    if (other.finished) this.release();
    else other.endOfStream();
  }

  /** TCP RST on both sockets (the reset_peer toxic). */
  reset(): void {
    if (this.closed) return;
    for (const socket of [this.client, this.server]) {
      if (!socket.destroyed) socket.resetAndDestroy();
    }
    this.close();
  }

  /** Drop both sockets now (proxy disabled, deleted or re-addressed). */
  close(): void {
    if (this.closed) return;
    this.client.destroy();
    this.server.destroy();
    this.release();
  }

  private release(): void {
    if (this.closed) return;
    this.closed = true;
    this.upstream.dispose();
    this.downstream.dispose();
    this.onClosed(this);
  }
}
