import { ApiError, Errors } from "./api-error.ts";
import { decodeStruct, type StructShape, typeError } from "./api/decode.ts";
import type { JsonValue } from "./api/go-json.ts";
import { Proxy } from "./proxy.ts";

const PROXY: StructShape = {
  goName: "toxiproxy.Proxy",
  fields: { name: "string", listen: "string", upstream: "string", enabled: "bool" },
};
/** What /populate decodes each entry into (Go: Proxy embedded, `enabled` made nullable); named so in its errors. */
const POPULATE_ENTRY: StructShape = { ...PROXY, goName: 'struct { toxiproxy.Proxy; Enabled *bool "json:\\"enabled\\"" }' };
const POPULATE_LIST = `[]${POPULATE_ENTRY.goName}`;

export interface ProxyInput {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
}

/** Thrown by populate: the error, and the proxies created before it. */
export class PopulateError extends ApiError {
  constructor(
    cause: ApiError,
    readonly proxies: Proxy[],
  ) {
    super(cause.message, cause.status);
  }
}

export function decodeProxy(body: JsonValue, defaults: ProxyInput, shape = PROXY): ProxyInput {
  return decodeStruct(body, shape, { ...defaults });
}

/** Every proxy of one server, by name. */
export class ProxyCollection {
  private readonly proxies = new Map<string, Proxy>();

  list(): Proxy[] {
    return [...this.proxies.values()];
  }

  get(name: string): Proxy {
    const proxy = this.proxies.get(name);
    if (proxy === undefined) throw Errors.proxyNotFound;
    return proxy;
  }

  /** `POST /proxies`: name and upstream required; binds at once unless disabled. */
  async create(body: JsonValue): Promise<Proxy> {
    const input = decodeProxy(body, { name: "", listen: "", upstream: "", enabled: true });
    if (input.name === "") throw Errors.missingField.with("name");
    if (input.upstream === "") throw Errors.missingField.with("upstream");
    if (this.proxies.has(input.name)) throw Errors.proxyAlreadyExists;
    const proxy = new Proxy(input.name, input.listen, input.upstream);
    if (input.enabled) await proxy.start();
    // A concurrent create of the same name may have won while this one was binding.
    if (this.proxies.has(input.name)) {
      proxy.stop();
      throw Errors.proxyAlreadyExists;
    }
    this.proxies.set(proxy.name, proxy);
    return proxy;
  }

  /**
   * `POST /populate`: every entry is validated before any is applied; an
   * entry whose name, listen and upstream match an existing proxy keeps it
   * untouched (toxics and all), any other replaces it; proxies not named
   * stay. Stops at the first bind error, reporting what was done so far.
   */
  async populate(body: JsonValue): Promise<Proxy[]> {
    if (body !== null && !Array.isArray(body)) throw typeError(body, { goName: POPULATE_LIST, fields: {} });
    // As in Go: the whole body is decoded (type errors first), then the entries are checked in order.
    const inputs = (body ?? []).map((entry) => decodeProxy(entry, { name: "", listen: "", upstream: "", enabled: true }, POPULATE_ENTRY));
    for (const [index, input] of inputs.entries()) {
      if (input.name === "") throw Errors.missingField.with(`name at proxy ${index + 1}`);
      if (input.upstream === "") throw Errors.missingField.with(`upstream at proxy ${index + 1}`);
    }
    const done: Proxy[] = [];
    for (const input of inputs) {
      try {
        done.push(await this.addOrReplace(input));
      } catch (error) {
        throw new PopulateError(error instanceof ApiError ? error : new ApiError(String(error), 500), done);
      }
    }
    return done;
  }

  /** `POST`/`PATCH /proxies/{name}`: merge; a new address rebinds; then enable or disable. */
  async update(name: string, body: JsonValue): Promise<Proxy> {
    const proxy = this.get(name);
    const input = decodeProxy(body, { name, listen: proxy.listen, upstream: proxy.upstream, enabled: proxy.enabled });
    if (input.listen !== proxy.listen || input.upstream !== proxy.upstream) {
      proxy.stop();
      proxy.listen = input.listen;
      proxy.upstream = input.upstream;
    }
    if (input.enabled) await proxy.start();
    else proxy.stop();
    return proxy;
  }

  remove(name: string): void {
    const proxy = this.get(name);
    proxy.stop();
    this.proxies.delete(name);
  }

  /** `POST /reset`: every proxy enabled again, every toxic removed; the proxies stay. */
  async reset(): Promise<void> {
    for (const proxy of this.proxies.values()) {
      await proxy.start();
      proxy.toxics.reset();
    }
  }

  /** Stop everything (server shutdown). */
  clear(): void {
    for (const proxy of this.proxies.values()) proxy.stop();
    this.proxies.clear();
  }

  private async addOrReplace(input: ProxyInput): Promise<Proxy> {
    const existing = this.proxies.get(input.name);
    if (existing !== undefined) {
      if (existing.listen === input.listen && existing.upstream === input.upstream) return existing;
      // As in Toxiproxy: if the replacement cannot bind, the old proxy stays, disabled.
      existing.stop();
    }
    const proxy = new Proxy(input.name, input.listen, input.upstream);
    if (input.enabled) await proxy.start();
    this.proxies.set(proxy.name, proxy);
    return proxy;
  }
}
