/** The proxy bench's load generator: bulk transfers, ping-pongs, idle connections. All on 127.0.0.1. */
import net from "node:net";

export async function connect(port: number, timeoutMs = 10_000): Promise<net.Socket> {
  const socket = net.connect({ host: "127.0.0.1", port, noDelay: true });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`connect to 127.0.0.1:${port}: no answer within ${timeoutMs} ms`)), timeoutMs);
      socket.once("connect", () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  } catch (error) {
    socket.destroy();
    throw error;
  }
  return socket;
}

export interface Transfer {
  bytes: number;
  seconds: number;
}

const WRITE_CHUNK = Buffer.alloc(256 << 10, 0x5a);

/**
 * Sends `bytes` to the sink on one new connection and waits for its one-byte
 * acknowledgement, so the time covers delivery of the last byte (the sink
 * protocol: 8-byte length, then the data, then "K" back; see proxy-upstream.ts).
 */
export async function bulkTransfer(port: number, bytes: number, timeoutMs: number): Promise<Transfer> {
  const socket = await connect(port);
  try {
    return await new Promise<Transfer>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bulk transfer of ${bytes} bytes to port ${port}: not done within ${timeoutMs} ms`)), timeoutMs);
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(error);
      };
      socket.once("error", fail);
      socket.once("close", () => fail(new Error(`bulk transfer to port ${port}: connection closed before the sink acknowledged`)));
      const started = performance.now();
      socket.once("data", () => {
        clearTimeout(timer);
        resolve({ bytes, seconds: (performance.now() - started) / 1_000 });
      });
      const header = Buffer.alloc(8);
      header.writeBigUInt64BE(BigInt(bytes));
      socket.write(header);
      let left = bytes;
      const pump = () => {
        while (left > 0) {
          const chunk = left >= WRITE_CHUNK.length ? WRITE_CHUNK : WRITE_CHUNK.subarray(0, left);
          left -= chunk.length;
          if (!socket.write(chunk)) {
            socket.once("drain", pump);
            return;
          }
        }
      };
      pump();
    });
  } finally {
    socket.destroy();
  }
}

/**
 * `count` sequential ping-pongs of `payload` on an echo connection: one
 * message in flight, the next sent as soon as the whole echo is back.
 * Returns each round trip in microseconds.
 */
export function pingPong(socket: net.Socket, payload: Buffer, count: number, timeoutMs: number): Promise<Float64Array> {
  const samples = new Float64Array(count);
  return new Promise((resolve, reject) => {
    let done = 0;
    let received = 0;
    let sentAt = 0;
    const cleanup = () => {
      clearTimeout(timer);
      socket.off("data", onData);
      socket.off("error", onError);
      socket.off("close", onClose);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => onError(new Error(`echo connection closed after ${done} of ${count} ping-pongs`));
    const timer = setTimeout(() => onError(new Error(`ping-pong: ${done} of ${count} done within ${timeoutMs} ms`)), timeoutMs);
    const send = () => {
      sentAt = performance.now();
      socket.write(payload);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received < payload.length) return;
      const micros = (performance.now() - sentAt) * 1_000;
      if (received > payload.length) return onError(new Error(`echo sent ${received} bytes for a ${payload.length}-byte ping`));
      received = 0;
      samples[done++] = micros;
      if (done === count) {
        cleanup();
        resolve(samples);
      } else {
        send();
      }
    };
    socket.on("data", onData);
    socket.on("error", onError);
    socket.on("close", onClose);
    send();
  });
}

/**
 * Opens `count` connections to `port` (`parallel` at a time), each checked
 * end to end with a one-byte ping-pong through the echo server, then left idle.
 */
export async function openIdleConnections(port: number, count: number, parallel: number, timeoutMs: number): Promise<net.Socket[]> {
  const sockets: net.Socket[] = [];
  const ping = Buffer.from("i");
  try {
    for (let opened = 0; opened < count; opened += parallel) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(parallel, count - opened) }, async () => {
          const socket = await connect(port, timeoutMs);
          sockets.push(socket);
          await pingPong(socket, ping, 1, timeoutMs);
          return socket;
        }),
      );
      for (const socket of batch) socket.on("error", () => {});
    }
  } catch (error) {
    for (const socket of sockets) socket.destroy();
    throw error;
  }
  return sockets;
}
