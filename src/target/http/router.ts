import type { RequestContext } from "./request-context.ts";

/** What a handler answers: a JSON reply, or "streamed" when it wrote the response itself (SSE). */
export type Reply = { readonly status: number; readonly body?: unknown; readonly headers?: Record<string, string> } | "streamed";
export type Handler = (context: RequestContext) => Promise<Reply>;

interface Route {
  readonly method: string;
  readonly template: string;
  readonly pattern: RegExp;
  readonly keys: readonly string[];
  readonly handler: Handler;
}

export type RouteMatch =
  | { readonly kind: "found"; readonly handler: Handler; readonly template: string; readonly params: Record<string, string> }
  | { readonly kind: "method-not-allowed"; readonly allowed: readonly string[] }
  | { readonly kind: "not-found" };

/** Method + path templates with `:name` segments; nothing more is needed here. */
export class Router {
  readonly #routes: Route[] = [];

  add(method: string, template: string, handler: Handler): this {
    const keys: string[] = [];
    const source = template
      .split("/")
      .map((segment) => {
        if (!segment.startsWith(":")) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        keys.push(segment.slice(1));
        return "([^/]+)";
      })
      .join("/");
    this.#routes.push({ method, template, pattern: new RegExp(`^${source}/?$`), keys, handler });
    return this;
  }

  get(template: string, handler: Handler): this {
    return this.add("GET", template, handler);
  }

  post(template: string, handler: Handler): this {
    return this.add("POST", template, handler);
  }

  match(method: string, path: string): RouteMatch {
    const allowed: string[] = [];
    for (const route of this.#routes) {
      const found = route.pattern.exec(path);
      if (found === null) continue;
      if (route.method !== method && !(method === "HEAD" && route.method === "GET")) {
        allowed.push(route.method);
        continue;
      }
      const params = Object.fromEntries(route.keys.map((key, index) => [key, decodeURIComponent(found[index + 1] ?? "")]));
      return { kind: "found", handler: route.handler, template: route.template, params };
    }
    return allowed.length > 0 ? { kind: "method-not-allowed", allowed } : { kind: "not-found" };
  }
}
