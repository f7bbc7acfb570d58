import net from "node:net";
import { bindError, formatHostPort, listenHost, parseHostPort } from "./address.ts";
import { Connection } from "./connection.ts";
import { ToxicCollection } from "./toxic-collection.ts";
import { toxicJson } from "./toxic-spec.ts";

/**
 * One named TCP proxy: a listener, the upstream it dials for each accepted
 * client, the open connections and their toxics. Toxics persist while the
 * proxy is disabled; disabling closes the listener and every open connection.
 */
export class Proxy {
  readonly toxics: ToxicCollection;
  enabled = false;
  private server: net.Server | undefined;
  private readonly connections = new Set<Connection>();
  /** Clients accepted whose upstream dial has not completed yet. */
  private readonly dialing = new Set<net.Socket>();

  constructor(
    readonly name: string,
    /** As requested until bound, then the bound address (`localhost:0` → `127.0.0.1:41234`). */
    public listen: string,
    public upstream: string,
  ) {
    this.toxics = new ToxicCollection((direction) => [...this.connections].map((c) => c.link(direction)));
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  async start(): Promise<void> {
    if (this.enabled) return;
    const { host, port } = parseHostPort(this.listen, "listen");
    const server = net.createServer({ pauseOnConnect: true, allowHalfOpen: true, noDelay: true }, (client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once("error", (error: NodeJS.ErrnoException) => reject(bindError(this.listen, error)));
      server.listen({ host: listenHost(host), port, exclusive: true }, resolve);
    });
    server.on("error", () => {});
    const bound = server.address() as net.AddressInfo;
    this.listen = formatHostPort(bound.address, bound.port);
    this.server = server;
    this.enabled = true;
  }

  /** Closes the listener, every open connection and every client still waiting for its upstream dial. */
  stop(): void {
    this.enabled = false;
    this.server?.close();
    this.server = undefined;
    for (const connection of this.connections) connection.close();
    for (const client of this.dialing) client.destroy();
    this.dialing.clear();
  }

  toJSON() {
    return {
      name: this.name,
      listen: this.listen,
      upstream: this.upstream,
      enabled: this.enabled,
      toxics: this.toxics.list().map(toxicJson),
    };
  }

  /**
   * Dials the upstream for a new client. The upstream is parsed here, not at
   * start: as in Toxiproxy, a bad upstream fails each connection (the client
   * is closed), not the proxy.
   */
  private accept(client: net.Socket): void {
    client.on("error", () => {});
    let upstream: { host: string; port: number };
    try {
      upstream = parseHostPort(this.upstream, "dial");
    } catch {
      client.destroy();
      return;
    }
    this.dialing.add(client);
    const server = net.connect({ host: upstream.host === "" ? "localhost" : upstream.host, port: upstream.port, allowHalfOpen: true, noDelay: true });
    server.on("error", () => client.destroy());
    client.on("close", () => {
      this.dialing.delete(client);
      server.destroy();
    });
    server.once("connect", () => {
      // A stop (disable, re-address, delete) while dialling destroyed the client: don't wire it to a stale upstream.
      if (!this.dialing.delete(client) || client.destroyed) {
        server.destroy();
        return;
      }
      const connection = new Connection(client, server, this.toxics.list(), (done) => this.connections.delete(done));
      this.connections.add(connection);
      client.resume();
    });
  }
}
