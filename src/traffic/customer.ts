import type { TrafficClock } from "./clock.ts";
import { HeldStream } from "./held-stream.ts";
import { isError, type Outcome } from "./outcome.ts";
import type { PortalAnswer, PortalClient } from "./portal-client.ts";
import { routeOf, STEPS, type StepName } from "./scenario.ts";
import type { Account } from "./seed.ts";
import type { SliRecorder } from "./sli/recorder.ts";

/** What a customer needs of the portal client (a fake in unit tests). */
export type PortalCalls = Pick<PortalClient, "send" | "openStream">;

/** What every customer shares. */
export interface CustomerWorld {
  readonly client: PortalCalls;
  readonly recorder: SliRecorder;
  readonly clock: TrafficClock;
  readonly script: readonly StepName[];
  readonly password: string;
  /** How long a customer keeps its order stream open; 0 opens none. */
  readonly streamHoldMs: number;
  /** Streams open now, across customers, and how many may be. */
  readonly streams: { open: number; readonly max: number };
  /** Each request that ended in an error (5xx, timeout, connection), with what went wrong. */
  readonly onError?: (error: RequestError) => void;
}

export interface RequestError {
  readonly route: string;
  readonly outcome: Outcome;
  readonly status?: number;
  /** The connection error, or the start of the error body. */
  readonly detail: string;
}

/**
 * One virtual customer: a seeded account, an address of its own
 * (X-Forwarded-For) and a place in its session script. Its first session
 * may be shorter (`firstScript`): customers that all start together would
 * otherwise log out and in again all together, a login storm no real
 * population makes. Each step() sends
 * exactly one request and records it, its latency counted from `dueMs`.
 * A refused login is tried again at the next step; a 401 on a page means
 * the session is gone, so the next step logs in again.
 */
export class VirtualCustomer {
  readonly account: Account;
  readonly clientIp: string;
  readonly #world: CustomerWorld;
  #script: readonly StepName[];
  #position = 0;
  #token: string | undefined;
  #stream: HeldStream | undefined;

  constructor(account: Account, clientIp: string, world: CustomerWorld, firstScript: readonly StepName[] = world.script) {
    this.account = account;
    this.clientIp = clientIp;
    this.#world = world;
    this.#script = firstScript;
  }

  async step(dueMs: number): Promise<void> {
    const step = this.#nextStep();
    const answer = await this.#send(step);
    const route = routeOf(step);
    this.#world.recorder.request(route, answer.outcome, this.#world.clock.now() - dueMs, answer.status);
    if (isError(answer.outcome)) {
      this.#world.onError?.({ route, outcome: answer.outcome, ...(answer.status !== undefined && { status: answer.status }), detail: answer.error ?? (answer.body ?? "").slice(0, 200) });
    }
    this.#advance(step, answer);
  }

  /** Closes the customer's order stream, if open. */
  closeStream(): void {
    this.#stream?.close();
  }

  #nextStep(): StepName {
    if (this.#token === undefined) this.#position = 0;
    let step = this.#script[this.#position]!;
    const { streams, streamHoldMs } = this.#world;
    if (step === "stream" && (streamHoldMs <= 0 || this.#stream !== undefined || streams.open >= streams.max)) step = this.#script[++this.#position]!;
    return step;
  }

  #send(step: StepName): Promise<PortalAnswer> {
    const { client, password } = this.#world;
    const { clientIp } = this;
    if (step === "login") return client.send({ method: "POST", path: STEPS.login.path, clientIp, json: { email: this.account.email, password } });
    if (step === "stream") return this.#openStream();
    return client.send({ method: STEPS[step].method, path: STEPS[step].path, clientIp, token: this.#token });
  }

  async #openStream(): Promise<PortalAnswer> {
    // As an EventSource does it: the token in the query, since it cannot set headers.
    const path = `${STEPS.stream.path}?access_token=${encodeURIComponent(this.#token ?? "")}`;
    const opened = await this.#world.client.openStream({ method: "GET", path, clientIp: this.clientIp });
    if (opened.response !== undefined) this.#hold({ ...opened, response: opened.response });
    return opened.answer;
  }

  #hold(opened: ConstructorParameters<typeof HeldStream>[0]): void {
    const { recorder, clock, streamHoldMs, streams } = this.#world;
    streams.open++;
    recorder.stream("opened");
    const stream = new HeldStream(opened, { holdMs: streamHoldMs, clock }, {
      onMessage: () => recorder.stream("messages"),
      onEnd: (end) => {
        streams.open--;
        if (this.#stream === stream) this.#stream = undefined;
        recorder.stream(end);
      },
    });
    this.#stream = stream;
  }

  #advance(step: StepName, answer: PortalAnswer): void {
    if (step === "login") {
      this.#token = answer.outcome === "ok" ? tokenOf(answer.body) : undefined;
      this.#position = this.#token === undefined ? 0 : 1;
      return;
    }
    if (step === "logout" || answer.status === 401) {
      this.closeStream();
      this.#token = undefined;
      this.#position = 0;
      this.#script = this.#world.script;
      return;
    }
    this.#position = (this.#position + 1) % this.#script.length;
  }
}

function tokenOf(body: string | undefined): string | undefined {
  try {
    const token = (JSON.parse(body ?? "") as { accessToken?: unknown }).accessToken;
    return typeof token === "string" && token !== "" ? token : undefined;
  } catch {
    return undefined;
  }
}

/** A distinct address per customer from 198.18.0.0/15, the range set aside for benchmarks (RFC 2544). */
export function customerIp(index: number): string {
  const n = index + 1;
  return `198.${18 + ((n >> 16) & 1)}.${(n >> 8) & 255}.${n & 255}`;
}
