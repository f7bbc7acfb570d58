import net from "node:net";
import { FiredrillError } from "../errors.ts";

export const LOOPBACK = "127.0.0.1";

/**
 * A port the kernel considers free right now. Another process can still take
 * it before the caller binds it, so launchers retry with a new port when a
 * port they picked themselves turns out to be taken.
 */
export function freePort(host: string = LOOPBACK): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error(`no port assigned on ${host}`))));
    });
  });
}

/** Throws PORT_IN_USE when `port` cannot be bound on `host`; `subject` names who wanted it. */
export async function assertPortFree(port: number, host: string = LOOPBACK, subject = "firedrill"): Promise<void> {
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new FiredrillError(
      "CONFIG_INVALID",
      `${subject}: port ${port} is not a valid TCP port; use an integer from 1 to 65535, or omit the port to pick a free one`,
    );
  }
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") reject(portInUse(port, host, subject, error));
      else if (error.code === "EACCES") reject(new FiredrillError("CONFIG_INVALID", `${subject}: port ${port} on ${host} needs privileges this user lacks; choose a port above 1023`, { cause: error }));
      else reject(error);
    });
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve()));
  });
}

export function portInUse(port: number, host: string, subject: string, cause?: unknown): FiredrillError {
  return new FiredrillError(
    "PORT_IN_USE",
    `${subject}: port ${port} on ${host} is already in use; stop whatever listens there (\`ss -ltnp 'sport = :${port}'\` shows it) or choose another port, or omit the port to pick a free one`,
    { cause },
  );
}

/**
 * Runs `start` on `port`, or on a free port when none is given. A port picked
 * here can be taken before the server binds it; then `start` fails with
 * PORT_IN_USE and runs again on another free port. A port the caller chose is
 * never swapped.
 */
export async function onFreePort<T>(port: number | undefined, start: (port: number) => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(port ?? (await freePort()));
    } catch (error) {
      const retry = port === undefined && attempt < attempts && error instanceof FiredrillError && error.code === "PORT_IN_USE";
      if (!retry) throw error;
    }
  }
}

/** Servers report a lost bind race only in their log; turn that into PORT_IN_USE so onFreePort retries. */
export function bindFailureAsPortInUse(error: unknown, port: number, subject: string): unknown {
  const lostRace = error instanceof FiredrillError && error.message.includes("Address already in use");
  return lostRace ? portInUse(port, LOOPBACK, subject, error) : error;
}
