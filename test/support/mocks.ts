import { execFile } from "node:child_process";
import { createPrivateKey, createSign, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import type { MocksDescriptor } from "../../src/mocks/index.ts";

type SalesforceService = MocksDescriptor["services"]["salesforce"];
export const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** A JWT bearer assertion as a Connected App client builds it: RS256 over iss/sub/aud/exp. */
export function signAssertion(sf: SalesforceService, overrides: Record<string, unknown> = {}, key?: KeyObject): string {
  const claims = { iss: sf.consumerKey, sub: sf.username, aud: sf.loginUrl, exp: Math.floor(Date.now() / 1000) + 180, ...overrides };
  const input = `${b64({ alg: "RS256" })}.${b64(claims)}`;
  const privateKey = key ?? createPrivateKey(readFileSync(sf.privateKeyPath));
  return `${input}.${createSign("RSA-SHA256").update(input).sign(privateKey, "base64url")}`;
}

export async function requestToken(sf: SalesforceService, assertion: string, url = sf.url): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}/services/oauth2/token`, {
    method: "POST",
    body: new URLSearchParams({ grant_type: JWT_BEARER, assertion }),
    signal: AbortSignal.timeout(5_000),
  });
  return { status: response.status, body: await response.json() };
}

/** The JWT bearer flow with the fixture key: an access token. */
export async function accessToken(sf: SalesforceService): Promise<string> {
  const { status, body } = await requestToken(sf, signAssertion(sf));
  if (status !== 200) throw new Error(`token request failed: ${status} ${JSON.stringify(body)}`);
  return body.access_token as string;
}

export async function rest(sf: SalesforceService, token: string, path: string, init: { method?: string; json?: unknown } = {}) {
  const response = await fetch(`${sf.url}/services/data/v62.0${path}`, {
    method: init.method ?? "GET",
    headers: { Authorization: `Bearer ${token}`, ...(init.json !== undefined && { "Content-Type": "application/json" }) },
    ...(init.json !== undefined && { body: JSON.stringify(init.json) }),
    signal: AbortSignal.timeout(5_000),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === "" ? undefined : (JSON.parse(text) as any) };
}

/** A WHMCS API call as a PHP client posts it. */
export async function whmcs(url: string, params: Record<string, string>) {
  const response = await fetch(url, { method: "POST", body: new URLSearchParams(params), signal: AbortSignal.timeout(5_000) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, contentType: response.headers.get("content-type") ?? "", text, json: () => JSON.parse(text) as any };
}

/** Runs curl (no shell) and returns its status line code and body. */
export function curl(args: readonly string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    execFile("curl", ["-sS", "--max-time", "10", "-w", "\n%{http_code}", ...args], { timeout: 15_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`curl failed: ${stderr || error.message}`));
      const cut = stdout.lastIndexOf("\n");
      resolve({ status: Number(stdout.slice(cut + 1)), body: stdout.slice(0, cut) });
    });
  });
}

/** Polls `check` until it returns something defined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 5_000, what = "condition"): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} not met after ${timeoutMs}ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
