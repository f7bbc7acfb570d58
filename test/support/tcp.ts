import net from "node:net";
import { Toxiproxy } from "toxiproxy-node-client";
import { type StartedProxyServer, startProxyServer } from "../../src/proxy/index.ts";

/** A real TCP server on loopback, closed with `await using` or close(). */
export interface TestServer extends AsyncDisposable {
  readonly port: number;
  readonly address: string;
  /** Sockets accepted so far. */
  readonly sockets: net.Socket[];
  close(): Promise<void>;
}

export async function startTcpServer(onSocket: (socket: net.Socket) => void, options: net.ServerOpts = {}): Promise<TestServer> {
  const sockets: net.Socket[] = [];
  const server = net.createServer(options, (socket) => {
    sockets.push(socket);
    socket.on("error", () => {});
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  const close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { port, address: `127.0.0.1:${port}`, sockets, close, [Symbol.asyncDispose]: close };
}

/** Echoes every byte back. */
export const startEchoServer = () => startTcpServer((socket) => socket.pipe(socket));

export async function connect(port: number): Promise<net.Socket> {
  const socket = net.connect({ port, host: "127.0.0.1", noDelay: true });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  return socket;
}

/** Sends `message`, waits for `expectBytes` bytes back; resolves with them and the round trip in ms. */
export async function roundTrip(socket: net.Socket, message: Buffer | string, expectBytes = Buffer.byteLength(message)): Promise<{ data: Buffer; ms: number }> {
  const started = performance.now();
  const chunks: Buffer[] = [];
  let size = 0;
  const done = new Promise<void>((resolve, reject) => {
    const onClose = () => finish(new Error(`socket closed after ${size} of ${expectBytes} bytes`));
    const finish = (error?: Error) => {
      socket.off("data", onData);
      socket.off("error", finish);
      socket.off("close", onClose);
      if (error) reject(error);
      else resolve();
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= expectBytes) finish();
    };
    socket.on("data", onData);
    socket.once("error", finish);
    socket.once("close", onClose);
  });
  socket.write(message);
  await done;
  return { data: Buffer.concat(chunks), ms: performance.now() - started };
}

/** Everything a socket receives until it closes, and how it closed. */
export function collectUntilClose(socket: net.Socket): Promise<{ data: Buffer; error: NodeJS.ErrnoException | undefined; ms: number }> {
  const started = performance.now();
  const chunks: Buffer[] = [];
  let error: NodeJS.ErrnoException | undefined;
  socket.on("data", (chunk: Buffer) => chunks.push(chunk));
  socket.on("error", (e: NodeJS.ErrnoException) => {
    error = e;
  });
  return new Promise((resolve) => socket.once("close", () => resolve({ data: Buffer.concat(chunks), error, ms: performance.now() - started })));
}

/** A proxy server on a free port plus a client for it. */
export async function startTestProxyServer(): Promise<{ server: StartedProxyServer; client: Toxiproxy } & AsyncDisposable> {
  const server = await startProxyServer({ host: "127.0.0.1", port: 0 });
  return { server, client: new Toxiproxy(server.apiUrl), [Symbol.asyncDispose]: () => server.close() };
}

/** The port of a proxy's bound `listen` address (`127.0.0.1:41234` → 41234). */
export function portOf(listen: string): number {
  return Number(listen.slice(listen.lastIndexOf(":") + 1));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
