import { randomBytes, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { SERVICES } from "../drills/vocabulary.ts";
import type { ResponderContext } from "../responders/responder.ts";
import type { Runbook } from "../runbook/model.ts";
import { readStatusUpdate } from "../runbook/status-update.ts";
import type { LiveSession } from "./live-session.ts";

/** What the API drives: a training's LiveSession, or a game day's current incident (src/live/gameday-session.ts). */
export type ControlSession = Pick<LiveSession, "state" | "end" | "contextFor" | "resolved"> & { readonly drill?: LiveSession["drill"] };

/** A route's handler: a POST gets its JSON body, a GET its query parameters. */
export type ControlRoute = (body: Record<string, unknown>) => Promise<unknown> | unknown;

export interface ControlApiOptions {
  /** GET /status's reply; default: the state and the drill. */
  readonly status?: () => unknown;
  /** More routes, keyed "GET /path" (a game day's facilitator view). */
  readonly routes?: Readonly<Record<string, ControlRoute>>;
  /** What a move after the end is told to do instead; default "start another with firedrill train". */
  readonly afterEnd?: string;
}

/** A request the API refuses, with its status and a message that says what to do instead. */
class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ControlApi {
  readonly url: string;
  /** Sent as `Authorization: Bearer <token>`. */
  readonly token: string;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

function readBody(request: http.IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let text = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      text += chunk;
      if (text.length > MAX_BODY) {
        reject(new ApiError(413, `request body over ${MAX_BODY} bytes`));
        request.destroy();
      }
    });
    request.on("end", () => {
      if (text.trim() === "") return resolve({});
      try {
        const value: unknown = JSON.parse(text);
        if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error("not an object");
        resolve(value as Record<string, unknown>);
      } catch {
        reject(new ApiError(400, "the body must be a JSON object"));
      }
    });
    request.on("error", reject);
  });
}

function text(body: Record<string, unknown>, field: string, required: boolean): string | undefined {
  const value = body[field];
  if (value === undefined || value === "") {
    if (required) throw new ApiError(400, `"${field}" is required`);
    return undefined;
  }
  if (typeof value !== "string") throw new ApiError(400, `"${field}" must be a string`);
  return value;
}

function oneOf(value: string, allowed: readonly string[], what: string): string {
  const found = allowed.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
  if (found === undefined) throw new ApiError(400, `unknown ${what} "${value}" (allowed: ${allowed.join(", ")})`);
  return found;
}

/**
 * The live drill's control API, on loopback: what `firedrill respond` calls.
 * Every request carries the session's token (else 401); a severity, level or
 * component outside the runbook's lists is refused with the allowed values;
 * after the drill ended every move is refused with its outcome.
 */
export async function startControlApi(session: ControlSession, runbook: Runbook, options: ControlApiOptions = {}): Promise<ControlApi> {
  const token = randomBytes(24).toString("hex");
  const expected = Buffer.from(`Bearer ${token}`);
  const authorized = (header: string | undefined) => header !== undefined && Buffer.byteLength(header) === expected.length && timingSafeEqual(Buffer.from(header), expected);

  const active = (body: Record<string, unknown>): ResponderContext => {
    const actor = text(body, "actor", false) ?? "trainee";
    if (!/^[\w.@-]{1,64}$/.test(actor)) throw new ApiError(400, `actor "${actor}": use letters, digits, . _ @ - (at most 64)`);
    const context = session.contextFor(actor);
    if (context !== undefined) return context;
    if (session.state === "ended") {
      const end = session.end;
      throw new ApiError(409, `the drill has ended (${end?.outcome ?? "ended"}${end?.total !== undefined ? `, ${end.total}/${end.max} points` : ""}); start another with firedrill train`);
    }
    throw new ApiError(409, "no incident is open: nothing has been reported yet; keep an eye on the portal");
  };

  const drill = session.drill;
  const routes: Record<string, ControlRoute> = {
    "GET /status":
      options.status ??
      (() => ({
        state: session.state,
        ...(drill !== undefined && { drill: { id: drill.id, title: drill.title, ...(drill.briefing !== undefined && { briefing: drill.briefing }) } }),
        ...(session.end !== undefined && { end: session.end }),
      })),
    "POST /ack": (body) => (active(body).acknowledge(), { ok: true }),
    "POST /classify": (body) => {
      const context = active(body);
      const severity = oneOf(text(body, "severity", true)!, runbook.severities.map((row) => row.id), "severity");
      const given = text(body, "component", false);
      const component = given === undefined ? undefined : oneOf(given, SERVICES, "component");
      context.classify(severity, component);
      return { ok: true, severity, ...(component !== undefined && { component }) };
    },
    "POST /escalate": (body) => {
      const context = active(body);
      const level = oneOf(text(body, "level", true)!, runbook.escalation.map((row) => row.id), "escalation level");
      context.escalate(level, text(body, "reason", false));
      const row = runbook.escalation.find((each) => each.id === level)!;
      return { ok: true, level, contact: row.contact, scope: row.scope };
    },
    "POST /update": (body) => {
      const context = active(body);
      const update = text(body, "text", true)!;
      context.statusUpdate(update);
      const reading = readStatusUpdate(update, runbook.statusUpdate);
      return { ok: true, missing: reading.missing, invalid: reading.invalid, ...(reading.severity !== undefined && { severity: reading.severity }) };
    },
    "POST /resolve": async (body) => {
      const context = active(body);
      context.claimResolved(text(body, "note", false));
      const { recovered, failing } = await context.verifyRecovery();
      if (recovered) session.resolved();
      return recovered ? { ok: true, verified: true } : { ok: true, verified: false, failing, message: `not recovered yet: ${failing.join(", ")} still failing; the claim costs points, keep working` };
    },
    "POST /hint": (body) => {
      const hint = active(body).takeHint();
      if (hint === undefined) throw new ApiError(404, "no hints left");
      return { ok: true, hint: hint.index + 1, text: hint.text, cost: hint.cost };
    },
    ...options.routes,
  };

  const server = http.createServer((request, response) => {
    const reply = (status: number, body: unknown) => response.writeHead(status, { "Content-Type": "application/json" }).end(`${JSON.stringify(body)}\n`);
    void (async () => {
      try {
        if (!authorized(request.headers.authorization)) throw new ApiError(401, "missing or wrong token: use firedrill respond (it reads the session's token from the environment's directory)");
        const url = new URL(request.url ?? "/", "http://localhost");
        const route = routes[`${request.method} ${url.pathname}`];
        if (route === undefined) throw new ApiError(404, `no such route; the routes are: ${Object.keys(routes).join(", ")}`);
        reply(200, await route(request.method === "GET" ? Object.fromEntries(url.searchParams) : await readBody(request)));
      } catch (error) {
        if (error instanceof ApiError) reply(error.status, { error: error.message });
        else reply(500, { error: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port: 0 }, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
