import { posix } from "node:path";

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

/** What a request target comes to before routing, as in Go's net/http plus gorilla/mux. */
export type ResolvedPath =
  /** The decoded path (`%2F` included, as Go's URL.Path), to route. */
  | { kind: "path"; path: string }
  /** mux answers a path that is not clean (`//`, `.`, `..`) with a 301 to the clean one rather than routing it. */
  | { kind: "redirect"; location: string }
  /** Go's server refuses a target it cannot parse (`%zz`) with `400 Bad Request` before any handler. */
  | { kind: "bad-request" };

const HEX = /^[0-9a-fA-F]{2}$/;
/** Bytes Go's url package leaves unescaped in a path (unreserved, and `$&+,/:;=@`). */
const PATH_SAFE = /[A-Za-z0-9\-_.~$&+,/:;=@]/;

/** url.PathUnescape: every `%` must start two hex digits; the bytes are read as UTF-8. */
function unescapePath(raw: string): string | undefined {
  if (!raw.includes("%")) return raw;
  const bytes: number[] = [];
  const text = Buffer.from(raw, "utf8");
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] !== 0x25) {
      bytes.push(text[i]!);
      continue;
    }
    const hex = text.toString("latin1", i + 1, i + 3);
    if (!HEX.test(hex)) return undefined;
    bytes.push(Number.parseInt(hex, 16));
    i += 2;
  }
  return Buffer.from(bytes).toString("utf8");
}

function escapePath(path: string): string {
  let escaped = "";
  for (const byte of Buffer.from(path, "utf8")) {
    const c = String.fromCharCode(byte);
    escaped += PATH_SAFE.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return escaped;
}

/** mux's cleanPath: path.Clean, keeping a trailing slash. */
function cleanPath(path: string): string {
  if (path === "") return "/";
  return posix.normalize(path.startsWith("/") ? path : `/${path}`);
}

export function resolvePath(target: string): ResolvedPath {
  // The absolute form (`http://host/path`) routes on its path, as in Go.
  const absolute = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?]*/.exec(target);
  const rest = absolute === null ? target : target.slice(absolute[0].length);
  const query = rest.indexOf("?");
  const rawPath = query < 0 ? rest : rest.slice(0, query);
  const path = unescapePath(rawPath);
  if (path === undefined) return { kind: "bad-request" };
  const clean = cleanPath(path);
  if (clean !== path) return { kind: "redirect", location: escapePath(clean) + (query < 0 ? "" : rest.slice(query)) };
  return { kind: "path", path };
}

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

/**
 * Matches a decoded path like gorilla/mux: a `{param}` is one non-empty
 * segment, a path that exists under another method is a 405, an unknown
 * path a 404.
 */
export function matchRoute<H>(routes: readonly Route<H>[], method: string, path: string): Match<H> {
  const parts = path.split("/").slice(1);
  let pathKnown = false;
  for (const candidate of routes) {
    const params = matchPath(candidate.segments, parts);
    if (params === undefined) continue;
    if (candidate.methods.includes(method)) return { kind: "found", handler: candidate.handler, params };
    pathKnown = true;
  }
  return pathKnown ? { kind: "method-not-allowed" } : { kind: "not-found" };
}
