/** A route of the control API: method(s), a path pattern with `{param}` segments, a handler. */
export interface Route<H> {
  readonly methods: readonly string[];
  readonly segments: readonly string[];
  readonly handler: H;
}

export function route<H>(methods: string | readonly string[], pattern: string, handler: H): Route<H> {
  return { methods: typeof methods === "string" ? [methods] : methods, segments: pattern.split("/").slice(1), handler };
}

export type Match<H> =
  | { kind: "found"; handler: H; params: Record<string, string> }
  | { kind: "method-not-allowed" }
  | { kind: "not-found" };

function matchPath(segments: readonly string[], parts: readonly string[]): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of segments.entries()) {
    const part = parts[index]!;
    if (segment.startsWith("{")) {
      if (part === "") return undefined;
      params[segment.slice(1, -1)] = part;
    } else if (segment !== part) {
      return undefined;
    }
  }
  return params;
}

/** Matches like gorilla/mux: a path that exists under another method is a 405, an unknown path a 404. */
export function matchRoute<H>(routes: readonly Route<H>[], method: string, path: string): Match<H> {
  let parts: string[];
  try {
    parts = path.split("/").slice(1).map(decodeURIComponent);
  } catch {
    return { kind: "not-found" };
  }
  let pathKnown = false;
  for (const candidate of routes) {
    const params = matchPath(candidate.segments, parts);
    if (params === undefined) continue;
    if (candidate.methods.includes(method)) return { kind: "found", handler: candidate.handler, params };
    pathKnown = true;
  }
  return pathKnown ? { kind: "method-not-allowed" } : { kind: "not-found" };
}
