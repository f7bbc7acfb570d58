import { FiredrillError } from "../../errors.ts";
import type { SystemName } from "../system.ts";

/** Carries the exchange id from the server to MSW resolvers; set by the server, never by a client. */
export const EXCHANGE_HEADER = "x-firedrill-exchange";

/**
 * What the mock server knows about the exchange in flight, beyond the Fetch
 * Request that MSW hands to a resolver: who called, the body (already read:
 * the Request MSW sees has none, see msw-adapter.ts), whether the client is
 * still there. A resolver reaches it with contextOf(request). (An internal header rather than AsyncLocalStorage: on
 * Node 20 that would put a hook on every promise MSW creates.)
 */
export class RequestContext {
  readonly id: string;
  readonly system: SystemName;
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly remoteAddress: string;
  readonly contentType: string;
  readonly body: Buffer;
  /** Set by the system (WHMCS action, CometD channels …) for the journal and fault matching. */
  action: string | undefined;
  /** Ids of the faults that acted on this exchange. */
  readonly faults: string[] = [];
  #form: URLSearchParams | undefined;
  #abort: AbortController | undefined;
  #gone = false;

  constructor(init: { id: string; system: SystemName; method: string; url: URL; remoteAddress: string; contentType: string; body: Buffer }) {
    this.id = init.id;
    this.system = init.system;
    this.method = init.method;
    this.path = init.url.pathname;
    this.query = init.url.searchParams;
    this.remoteAddress = init.remoteAddress;
    this.contentType = init.contentType;
    this.body = init.body;
  }

  /** Aborts when the client goes away or the server closes: long polls and hangs stop waiting. Created on first use. */
  get signal(): AbortSignal {
    this.#abort ??= new AbortController();
    if (this.#gone) this.#abort.abort();
    return this.#abort.signal;
  }

  /** The client went away, or the server is closing. */
  end(): void {
    this.#gone = true;
    this.#abort?.abort();
  }

  /** Query parameters merged with an urlencoded body (the body wins), as PHP's $_REQUEST. */
  params(): URLSearchParams {
    if (this.#form === undefined) {
      const merged = new URLSearchParams(this.query);
      if (this.contentType.includes("application/x-www-form-urlencoded")) {
        for (const [key, value] of new URLSearchParams(this.body.toString("utf8"))) merged.set(key, value);
      }
      this.#form = merged;
    }
    return this.#form;
  }

  bodyText(): string {
    return this.body.toString("utf8");
  }
}

const live = new Map<string, RequestContext>();
let counter = 0;

export function nextExchangeId(): string {
  return (++counter).toString(36);
}

export function registerContext(context: RequestContext): void {
  live.set(context.id, context);
}

export function releaseContext(context: RequestContext): void {
  live.delete(context.id);
}

/** The context of the exchange a Fetch Request (as MSW passes it to a resolver) belongs to. */
export function contextOf(request: Request): RequestContext {
  const context = live.get(request.headers.get(EXCHANGE_HEADER) ?? "");
  if (context === undefined) {
    throw new FiredrillError("STATE_INVALID", "mocks: a handler ran outside a mock server request; serve the handlers with startMocks(), not setupServer().listen()");
  }
  return context;
}
