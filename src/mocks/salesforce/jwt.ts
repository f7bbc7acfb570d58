import { type KeyObject, verify } from "node:crypto";

export interface DecodedJwt {
  readonly header: Record<string, unknown>;
  readonly claims: Record<string, unknown>;
  readonly signingInput: string;
  readonly signature: Buffer;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  if (!BASE64URL.test(segment)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Splits a compact JWS into header, claims and signature; undefined when it is not one. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split(".");
  if (parts.length !== 3 || token.length > 16_384) return undefined;
  const [headerPart, claimsPart, signaturePart] = parts as [string, string, string];
  const header = decodeSegment(headerPart);
  const claims = decodeSegment(claimsPart);
  if (header === undefined || claims === undefined || !BASE64URL.test(signaturePart)) return undefined;
  return { header, claims, signingInput: `${headerPart}.${claimsPart}`, signature: Buffer.from(signaturePart, "base64url") };
}

/** True when the JWS is RS256 and its signature verifies with `publicKey`. */
export function verifyRs256(jwt: DecodedJwt, publicKey: KeyObject): boolean {
  if (jwt.header.alg !== "RS256") return false;
  try {
    return verify("RSA-SHA256", Buffer.from(jwt.signingInput), publicKey, jwt.signature);
  } catch {
    return false;
  }
}
