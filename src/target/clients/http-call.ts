import { ExternalCallError, type ExternalSystem } from "../errors.ts";

/** A whole HTTP answer, body read. */
export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly headers: Headers;
  readonly text: string;
}

/** fetch() with the body read inside the same signal, so a stalled body times out too. */
export async function httpCall(url: string, init: RequestInit, signal: AbortSignal): Promise<HttpAnswer> {
  const response = await fetch(url, { ...init, signal });
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get("content-type") ?? "", headers: response.headers, text };
}

/**
 * The answer's JSON body; a page that is not JSON (a maintenance page, a
 * gateway's HTML error) is a protocol failure that says what came instead.
 */
export function jsonBody(answer: HttpAnswer, system: ExternalSystem, operation: string): unknown {
  try {
    return JSON.parse(answer.text);
  } catch (error) {
    const type = answer.contentType.split(";")[0] || "no content type";
    const title = /<title>([^<]{1,80})<\/title>/i.exec(answer.text)?.[1]?.trim();
    const detail = `answered HTTP ${answer.status} with ${type} instead of JSON${title ? ` ("${title}")` : ""}`;
    throw new ExternalCallError(system, operation, answer.status >= 400 ? "http" : "protocol", detail, { status: answer.status, cause: error });
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
