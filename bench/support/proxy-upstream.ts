/**
 * Child process of the proxy benchmark: the upstream servers, kept out of the
 * load generator's and the proxy's event loops. Run with `node --import tsx`
 * and an IPC channel; it reports its ports with process.send and exits when
 * the parent goes away (the channel closes), so it cannot outlive the bench.
 *
 * - sink: reads an 8-byte big-endian length N, then N bytes, then answers one
 *   byte ("K"), so the sender knows every byte went through.
 * - echo: writes back every byte it reads.
 */
import net from "node:net";

export interface UpstreamReady {
  sinkPort: number;
  echoPort: number;
}

const HEADER_BYTES = 8;
const ACK = Buffer.from("K");

function sinkConnection(socket: net.Socket): void {
  let header = Buffer.alloc(0);
  let expected = -1;
  let received = 0;
  socket.on("data", (chunk: Buffer) => {
    if (expected < 0) {
      header = Buffer.concat([header, chunk]);
      if (header.length < HEADER_BYTES) return;
      expected = Number(header.readBigUInt64BE(0));
      received = header.length - HEADER_BYTES;
      header = Buffer.alloc(0);
    } else {
      received += chunk.length;
    }
    if (received >= expected) {
      if (received > expected) socket.destroy(new Error(`sink: ${received - expected} bytes more than announced`));
      else socket.write(ACK);
      expected = -1;
      received = 0;
    }
  });
}

function echoConnection(socket: net.Socket): void {
  socket.on("data", (chunk: Buffer) => socket.write(chunk));
}

async function listen(onSocket: (socket: net.Socket) => void): Promise<number> {
  const server = net.createServer({ noDelay: true }, (socket) => {
    socket.setNoDelay(true);
    socket.on("error", () => {});
    onSocket(socket);
  });
  server.maxConnections = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: 0, backlog: 2_048 }, resolve);
  });
  return (server.address() as net.AddressInfo).port;
}

if (process.send === undefined) {
  process.stderr.write("bench/support/proxy-upstream.ts: run me as a child with an IPC channel (see bench/support/proxy-processes.ts)\n");
  process.exit(2);
}
// Whatever happens to the parent (even SIGKILL), the channel closes and we go.
process.on("disconnect", () => process.exit(0));
process.on("SIGINT", () => process.exit(0));
process.on("SIGTERM", () => process.exit(0));

const ready: UpstreamReady = { sinkPort: await listen(sinkConnection), echoPort: await listen(echoConnection) };
process.send(ready);
