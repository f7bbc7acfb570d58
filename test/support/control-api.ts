import http from "node:http";
import { expect } from "vitest";

/** A control-API response as received, body undecoded. */
export interface ApiResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

export interface ApiRequestOptions {
  body?: string | Buffer;
  headers?: Record<string, string>;
  agent?: http.Agent;
}

/**
 * One request to the control API exactly as written: unlike fetch, the path
 * is sent as given (`..` and `%2e` unresolved) and redirects are not followed.
 */
export function apiRequest(apiUrl: string, method: string, path: string, options: ApiRequestOptions = {}): Promise<ApiResponse> {
  const { hostname, port } = new URL(apiUrl);
  const headers: Record<string, string | number> = { ...options.headers };
  if (options.body !== undefined) headers["Content-Length"] = Buffer.byteLength(options.body);
  return new Promise((resolve, reject) => {
    const request = http.request({ host: hostname, port, method, path, headers, agent: options.agent }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(options.body);
  });
}

/** JSON as Go's json.Marshal writes it: `<`, `>` and `&` escaped. */
const goJson = (value: unknown) => JSON.stringify(value).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);

/** Toxiproxy's error reply: `{"error":"…","status":N}` and a newline, as Go's http.Error sends it. */
export function expectApiError(response: ApiResponse, status: number, message: string): void {
  expect({ status: response.status, body: response.body }).toEqual({ status, body: `${goJson({ error: message, status })}\n` });
  expect(response.headers["content-type"]).toBe("text/plain; charset=utf-8");
}

/** Polls `check` until it returns true; for state that settles a loop turn later (closed listeners). */
export async function waitUntil(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 2_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`${what}: still not true after ${timeoutMs}ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Listening TCP servers of this process (proxies, API, test upstreams). */
export const listenerCount = () => process.getActiveResourcesInfo().filter((resource) => resource === "TCPServerWrap").length;
