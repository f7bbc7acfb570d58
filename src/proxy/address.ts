import { ApiError } from "./api-error.ts";

export interface HostPort {
  /** Empty means every interface, as in Go's `net.Listen("tcp", ":0")`. */
  host: string;
  port: number;
}

/**
 * Parses `host:port`, `[v6]:port` or `:port` the way Go's net.SplitHostPort
 * does, with Go's error wording, since those errors reach API clients (500).
 */
export function parseHostPort(address: string, verb: "listen" | "dial"): HostPort {
  // Go reads an empty address as host "" and port 0 (golang.org/issue/13610).
  if (address === "") return { host: "", port: 0 };
  const fail = (why: string) => new ApiError(`${verb} tcp: address ${address}: ${why}`, 500);
  let host: string;
  let portText: string;
  if (address.startsWith("[")) {
    const close = address.indexOf("]");
    if (close < 0) throw fail("missing ']' in address");
    host = address.slice(1, close);
    if (address[close + 1] !== ":") throw fail("missing port in address");
    portText = address.slice(close + 2);
  } else {
    const colon = address.lastIndexOf(":");
    if (colon < 0) throw fail("missing port in address");
    host = address.slice(0, colon);
    if (host.includes(":")) throw fail("too many colons in address");
    portText = address.slice(colon + 1);
  }
  const port = portText === "" ? 0 : Number(portText);
  if (!/^\d*$/.test(portText) || !Number.isInteger(port) || port > 65535) throw fail("invalid port");
  return { host, port };
}

/** `localhost` binds IPv4 loopback, as Go does; an empty host binds every interface. */
export function listenHost(host: string): string | undefined {
  if (host === "") return undefined;
  return host === "localhost" ? "127.0.0.1" : host;
}

/** Formats a bound address as Go prints it: `127.0.0.1:41234`, `[::1]:41234`. */
export function formatHostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

const BIND_ERRORS: Record<string, string> = {
  EADDRINUSE: "address already in use",
  EACCES: "permission denied",
  EADDRNOTAVAIL: "cannot assign requested address",
};

/**
 * A failed listen, worded like Go's: `listen tcp 127.0.0.1:6379: bind: address
 * already in use`. Go names the resolved address, so `localhost` shows as 127.0.0.1.
 */
export function bindError(requested: string, error: NodeJS.ErrnoException): ApiError {
  const address = requested.replace(/^localhost:/, "127.0.0.1:");
  const reason = error.code !== undefined ? BIND_ERRORS[error.code] : undefined;
  if (reason !== undefined) return new ApiError(`listen tcp ${address}: bind: ${reason}`, 500);
  return new ApiError(`listen tcp ${address}: ${error.message}`, 500);
}
