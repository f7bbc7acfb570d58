import { randomBytes, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { isFiredrillError } from "../../errors.ts";
import { PART_NAMES, type PartName } from "../descriptor.ts";

export type PartAction = "stop" | "start" | "restart";
const ACTIONS: readonly PartAction[] = ["stop", "start", "restart"];

export interface ControlHandlers {
  status(): Promise<unknown>;
  /** `set`: variables to change (restart of the portal only). */
  part(part: PartName, action: PartAction, set: Record<string, string>): Promise<void>;
  /** Called once the reply has been sent. */
  down(): void;
}

export interface StartedControlServer {
  url: string;
  token: string;
  close(): Promise<void>;
}

function reply(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "Content-Type": "application/json" }).end(`${JSON.stringify(body)}\n`);
}

async function readJson(request: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return text === "" ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function authorized(request: http.IncomingMessage, token: string): boolean {
  const given = Buffer.from(request.headers.authorization ?? "");
  const wanted = Buffer.from(`Bearer ${token}`);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/**
 * The supervisor's control API on loopback: what `env status|stop|start|restart|down`
 * call. A bearer token (stored 0600 in the environment's directory) keeps other
 * local users from driving someone else's environment.
 */
export async function startControlServer(handlers: ControlHandlers): Promise<StartedControlServer> {
  const token = randomBytes(24).toString("hex");
  const server = http.createServer(async (request, response) => {
    if (!authorized(request, token)) {
      request.resume();
      return reply(response, 401, { error: "missing or wrong control token" });
    }
    const body = await readJson(request);
    const parts = (request.url ?? "/").split("?")[0]!.split("/").filter(Boolean);
    try {
      if (request.method === "GET" && parts[0] === "status" && parts.length === 1) return reply(response, 200, await handlers.status());
      if (request.method === "POST" && parts[0] === "down" && parts.length === 1) {
        reply(response, 202, { ok: true });
        response.once("finish", () => handlers.down());
        return;
      }
      if (request.method === "POST" && parts[0] === "parts" && parts.length === 3) {
        const [, part, action] = parts as [string, string, string];
        if (!PART_NAMES.includes(part as PartName)) {
          return reply(response, 404, { error: `no part "${part}"; parts: ${PART_NAMES.join(", ")}` });
        }
        if (!ACTIONS.includes(action as PartAction)) {
          return reply(response, 404, { error: `no action "${action}"; actions: ${ACTIONS.join(", ")}` });
        }
        const set = (body as { set?: Record<string, string> } | undefined)?.set ?? {};
        await handlers.part(part as PartName, action as PartAction, set);
        return reply(response, 200, { ok: true });
      }
      reply(response, 404, { error: "no such route" });
    } catch (error) {
      reply(response, 500, { error: (error as Error).message, code: isFiredrillError(error) ? error.code : undefined });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
