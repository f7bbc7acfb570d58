import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

/** What an access token carries. */
export interface AccessClaims {
  /** The customer id. */
  readonly sub: string;
  readonly jti: string;
  /** Seconds since the epoch. */
  readonly iat: number;
  readonly exp: number;
}

export type TokenProblem = "malformed" | "bad-signature" | "expired";

export class InvalidTokenError extends Error {
  constructor(readonly problem: TokenProblem) {
    super(`access token ${problem === "bad-signature" ? "signature does not verify" : problem}`);
    this.name = "InvalidTokenError";
  }
}

const HEADER = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");

function sign(input: string, secret: string): string {
  return createHmac("sha256", secret).update(input).digest("base64url");
}

/** A signed HS256 JWT for `customerId`, valid `ttlSeconds`, with a fresh jti. */
export function issueAccessToken(customerId: number, secret: string, ttlSeconds: number, nowMs = Date.now()): { token: string; claims: AccessClaims } {
  const iat = Math.floor(nowMs / 1000);
  const claims: AccessClaims = { sub: String(customerId), jti: randomUUID(), iat, exp: iat + ttlSeconds };
  const input = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;
  return { token: `${input}.${sign(input, secret)}`, claims };
}

/** The claims of a token this portal signed and that has not expired; throws InvalidTokenError otherwise. */
export function verifyAccessToken(token: string, secret: string, nowMs = Date.now()): AccessClaims {
  const parts = token.split(".");
  if (parts.length !== 3 || token.length > 4_096) throw new InvalidTokenError("malformed");
  const [header, payload, signature] = parts as [string, string, string];
  if (header !== HEADER) throw new InvalidTokenError("malformed");
  const expected = Buffer.from(sign(`${header}.${payload}`, secret));
  const actual = Buffer.from(signature);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw new InvalidTokenError("bad-signature");
  let claims: Partial<AccessClaims>;
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Partial<AccessClaims>;
  } catch {
    throw new InvalidTokenError("malformed");
  }
  if (typeof claims.sub !== "string" || typeof claims.jti !== "string" || typeof claims.exp !== "number" || typeof claims.iat !== "number") {
    throw new InvalidTokenError("malformed");
  }
  if (claims.exp <= Math.floor(nowMs / 1000)) throw new InvalidTokenError("expired");
  return claims as AccessClaims;
}
