import http from "node:http";
import pg from "pg";
import type { EnvironmentDescriptor } from "../../env/descriptor.ts";
import { FiredrillError } from "../../errors.ts";

/**
 * What the security faults share: an attacker that runs in this process,
 * paced by one timer, talking to the portal over plain HTTP without
 * keep-alive, so that stopping it leaves no timer and no socket behind.
 */

/** What one step of an attack decides: go on, or give up for good. */
export type StepVerdict = "continue" | "give-up";

export interface Attacker {
  /** Resolves once the attacker gave up by itself or was stopped, and every request it sent has settled. */
  readonly finished: Promise<void>;
  /** True once it gave up or was stopped: no more requests will start. */
  readonly stopped: boolean;
  /** Stops the timer and waits for the requests in flight to be answered (each within its timeout). Idempotent. */
  stop(): Promise<void>;
}

/**
 * Runs `step` `ratePerSecond` times a second until a step gives up or
 * `stop` is called. A step that throws (the portal restarting, a refused
 * connection) counts as "continue": attackers retry. At most `maxInFlight`
 * steps run at once; a tick that finds them all busy is skipped.
 */
export function startAttacker(options: { ratePerSecond: number; maxInFlight?: number; step: () => Promise<StepVerdict> }): Attacker {
  const maxInFlight = options.maxInFlight ?? 8;
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  let resolveFinished!: () => void;
  const finished = new Promise<void>((resolve) => (resolveFinished = resolve));

  const settle = async () => {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    resolveFinished();
  };
  const halt = () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    void settle();
  };
  const tick = () => {
    if (stopped || inFlight.size >= maxInFlight) return;
    const running: Promise<void> = options
      .step()
      .catch((): StepVerdict => "continue")
      .then((verdict) => {
        if (verdict === "give-up") halt();
      })
      .finally(() => inFlight.delete(running));
    inFlight.add(running);
  };
  const timer = setInterval(tick, Math.max(1, Math.round(1000 / options.ratePerSecond)));
  // A forgotten handle must not keep a process alive; reverting is the engine's job.
  timer.unref();
  tick();

  return {
    finished,
    get stopped() {
      return stopped;
    },
    async stop() {
      // Not aborted: a request the portal already received would still be
      // recorded after the revert; waiting for its answer ends the attack for real.
      halt();
      await finished;
    },
  };
}

export interface PortalResponse {
  readonly status: number;
  readonly body: unknown;
}

/** One request to the portal on a fresh connection (no agent, no keep-alive): nothing outlives it. */
export function portalRequest(
  baseUrl: string,
  request: { method: "GET" | "POST"; path: string; clientIp?: string; token?: string; json?: unknown; timeoutMs?: number },
): Promise<PortalResponse> {
  const url = new URL(request.path, baseUrl);
  const body = request.json === undefined ? undefined : JSON.stringify(request.json);
  const headers: Record<string, string | number> = {
    Accept: "application/json",
    Connection: "close",
    ...(request.clientIp !== undefined && { "X-Forwarded-For": request.clientIp }),
    ...(request.token !== undefined && { Authorization: `Bearer ${request.token}` }),
    ...(body !== undefined && { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) }),
  };
  return new Promise((resolve, reject) => {
    const call = http.request(url, { method: request.method, headers, agent: false, timeout: request.timeoutMs ?? 5_000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let parsed: unknown = text;
        try {
          parsed = text === "" ? undefined : JSON.parse(text);
        } catch {
          // Not JSON: keep the text.
        }
        resolve({ status: response.statusCode ?? 0, body: parsed });
      });
    });
    call.on("timeout", () => call.destroy(new Error(`${request.method} ${request.path}: no answer after ${request.timeoutMs ?? 5_000}ms`)));
    call.on("error", reject);
    call.end(body);
  });
}

/** The error text of a portal reply (`{"error": "account locked"}`), or "". */
export function errorOf(response: PortalResponse): string {
  const error = (response.body as { error?: unknown } | undefined)?.error;
  return typeof error === "string" ? error : "";
}

/** The portal's base URL, or an error naming the fault kind when the environment runs without one. */
export function portalUrl(kind: string, descriptor: EnvironmentDescriptor, target: string | undefined): string {
  if (target !== undefined && target !== "portal") {
    throw new FiredrillError("CONFIG_INVALID", `fault "${kind}": target "${target}"; set the fault's target to portal (it attacks the BFF)`);
  }
  if (descriptor.target === undefined) {
    throw new FiredrillError("CONFIG_INVALID", `fault "${kind}": environment "${descriptor.name}" runs without a portal; start it without --no-portal`);
  }
  return descriptor.target.url;
}

export interface Victim {
  readonly customerId: number;
  readonly email: string;
}

/**
 * Real, active customers to attack, lowest ids first (the accounts the
 * synthetic traffic plays too, so an attack touches real users), read
 * directly from PostgreSQL as an attacker's harvested list would hold them.
 */
export async function activeCustomers(kind: string, descriptor: EnvironmentDescriptor, count: number): Promise<Victim[]> {
  const client = new pg.Client({ connectionString: descriptor.services.postgres.directUrl, connectionTimeoutMillis: 5_000 });
  client.on("error", () => {});
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; email: string }>("SELECT id, email FROM customers WHERE status = 'active' ORDER BY id LIMIT $1", [count]);
    if (rows.length < count) {
      throw new FiredrillError("CONFIG_INVALID", `fault "${kind}": wants ${count} active customer(s), the database has ${rows.length}; lower the count or unlock customers`);
    }
    return rows.map((row) => ({ customerId: Number(row.id), email: row.email }));
  } finally {
    await client.end().catch(() => {});
  }
}

/** The seeded customers' password (fixtures/portal/README.md): the credentials the attacker stole. */
export const STOLEN_PASSWORD = "drill-password-1";

/** Logs in as the victim with stolen credentials; throws with the portal's answer when refused. */
export async function stolenLogin(kind: string, baseUrl: string, victim: Victim, clientIp: string): Promise<{ token: string; jti: string }> {
  const response = await portalRequest(baseUrl, { method: "POST", path: "/auth/login", clientIp, json: { email: victim.email, password: STOLEN_PASSWORD } });
  const token = (response.body as { accessToken?: unknown } | undefined)?.accessToken;
  if (response.status !== 200 || typeof token !== "string") {
    throw new FiredrillError("CONFIG_INVALID", `fault "${kind}": could not log in as customer ${victim.customerId} (HTTP ${response.status} ${errorOf(response)}); is the account active and the rate limit clear?`);
  }
  return { token, jti: jtiOf(token) };
}

function jtiOf(token: string): string {
  const payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8")) as { jti?: unknown };
  if (typeof payload.jti !== "string") throw new Error("the portal's access token carries no jti");
  return payload.jti;
}
