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
    const upstream = parseHostPort(this.upstream, "dial");
    const server = net.createServer({ pauseOnConnect: true, allowHalfOpen: true, noDelay: true }, (client) =>
      this.accept(client, upstream.host === "" ? "localhost" : upstream.host, upstream.port),
    );
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

  stop(): void {
    this.enabled = false;
    this.server?.close();
    this.server = undefined;
    for (const connection of this.connections) connection.close();
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

  private accept(client: net.Socket, host: string, port: number): void {
    client.on("error", () => {});
    const server = net.connect({ host, port, allowHalfOpen: true, noDelay: true });
    server.on("error", () => client.destroy());
    client.on("close", () => server.destroy());
    server.once("connect", () => {
      if (client.destroyed || !this.enabled) {
        server.destroy();
        client.destroy();
        return;
      }
      const connection = new Connection(client, server, this.toxics.list(), (done) => this.connections.delete(done));
      this.connections.add(connection);
      client.resume();
    });
  }
}
