import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import path from "node:path";
import { assertPortFree, bindFailureAsPortInUse, LOOPBACK, onFreePort } from "../ports.ts";
import { findExecutable } from "./executable.ts";
import { makePrivateDir, removeDir } from "./private-dir.ts";
import { ServerProcess } from "./server-process.ts";

export interface RedisOptions {
  /** Default: a free port. */
  port?: number;
  /** Where the private directory is created. Default: defaultBaseDir() ($TMPDIR, else /dev/shm, else the OS temp directory). */
  baseDir?: string;
  /** Name on PATH or a path. Default: "redis-server". */
  redisServer?: string;
  /** Default: 10000. */
  readyTimeoutMs?: number;
  /** How long SIGTERM may take before SIGKILL. Default: 5000. */
  stopTimeoutMs?: number;
}

export interface StartedRedis extends AsyncDisposable {
  readonly port: number;
  readonly pid: number;
  /** redis://127.0.0.1:PORT */
  readonly url: string;
  /** Private directory: working directory and log. Removed by stop(). */
  readonly dir: string;
  readonly logPath: string;
  /** SIGSTOP: clients connect but get no answer, as with a hung Redis. */
  pause(): Promise<void>;
  /** SIGCONT. */
  resume(): Promise<void>;
  /** SIGTERM, SIGKILL after stopTimeoutMs, then removes `dir`. Idempotent. */
  stop(): Promise<void>;
}

const INSTALL = "apt-get install redis-server";

/** Starts a throwaway redis-server on 127.0.0.1 without persistence; resolves once it answers PING. */
export async function startRedis(options: RedisOptions = {}): Promise<StartedRedis> {
  const binary = await findExecutable(options.redisServer ?? "redis-server", INSTALL);
  return onFreePort(options.port, (port) => startOn(binary, port, options));
}

async function startOn(binary: string, port: number, options: RedisOptions): Promise<StartedRedis> {
  await assertPortFree(port, LOOPBACK, "redis");
  const dir = await makePrivateDir("firedrill-redis-", options.baseDir);
  const logPath = path.join(dir, "redis.log");
  let server: ServerProcess | undefined;
  try {
    server = await ServerProcess.spawn({
      name: "redis",
      command: binary,
      args: [
        "--port", String(port),
        "--bind", LOOPBACK,
        "--dir", dir,
        "--logfile", logPath,
        "--save", "",
        "--appendonly", "no",
        "--daemonize", "no",
      ],
      cwd: dir,
      logPath,
      stopSequence: [{ signal: "SIGTERM", waitMs: options.stopTimeoutMs ?? 5_000 }],
    });
    await server.waitUntilReady(() => ping(port), { timeoutMs: options.readyTimeoutMs ?? 10_000, what: `PONG on port ${port}` });
    return handle(server, port, dir);
  } catch (error) {
    try {
      await server?.stop();
    } finally {
      await removeDir(dir);
    }
    throw bindFailureAsPortInUse(error, port, "redis");
  }
}

function handle(server: ServerProcess, port: number, dir: string): StartedRedis {
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    // SHUTDOWN acts at once; SIGTERM waits for Redis's next 100 ms timer tick. The signals still follow if it did not work.
    stopping ??= shutdown(port)
      .then(() => Promise.race([server.exited, sleep(500)]))
      .then(() => server.stop())
      .then(() => removeDir(dir));
    return stopping;
  };
  return {
    port,
    pid: server.pid,
    url: `redis://${LOOPBACK}:${port}`,
    dir,
    logPath: server.logPath,
    pause: () => server.pause(),
    resume: () => server.resume(),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/** Asks Redis to exit now, without saving; resolves when the request went out (or could not). */
function shutdown(port: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: LOOPBACK });
    socket.setTimeout(500, () => socket.destroy());
    socket.once("connect", () => socket.end("SHUTDOWN NOSAVE\r\n"));
    socket.once("error", () => resolve());
    socket.once("close", () => resolve());
  });
}

/** One raw PING: cheaper than a client library while polling for readiness. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: LOOPBACK });
    let reply = "";
    socket.setTimeout(1_000, () => socket.destroy(new Error("no reply to PING within 1000ms")));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString("latin1");
      if (reply.includes("\r\n")) {
        socket.destroy();
        resolve(reply.startsWith("+PONG"));
      }
    });
    socket.once("error", reject);
    socket.once("close", () => resolve(false));
  });
}
