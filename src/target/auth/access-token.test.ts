import { describe, expect, it } from "vitest";
import { issueAccessToken, verifyAccessToken } from "./access-token.ts";

const SECRET = "0123456789abcdef0123";

describe("access tokens (HS256)", () => {
  it("round-trips the customer, a fresh jti and the expiry", () => {
    const { token, claims } = issueAccessToken(7, SECRET, 900, 1_700_000_000_000);
    expect(claims).toMatchObject({ sub: "7", iat: 1_700_000_000, exp: 1_700_000_900 });
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(verifyAccessToken(token, SECRET, 1_700_000_899_000)).toEqual(claims);
    expect(issueAccessToken(7, SECRET, 900).claims.jti).not.toBe(claims.jti);
  });

  it("rejects expired, tampered, foreign and malformed tokens", () => {
    const { token } = issueAccessToken(7, SECRET, 900, 1_700_000_000_000);
    expect(() => verifyAccessToken(token, SECRET, 1_700_000_900_000)).toThrow("access token expired");
    const [header, , signature] = token.split(".");
    const forged = `${header}.${Buffer.from(JSON.stringify({ sub: "8", jti: "x", iat: 0, exp: 9e9 })).toString("base64url")}.${signature}`;
    expect(() => verifyAccessToken(forged, SECRET)).toThrow("access token signature does not verify");
    expect(() => verifyAccessToken(token, "another-secret-of-length")).toThrow("signature does not verify");
    expect(() => verifyAccessToken("a.b", SECRET)).toThrow("access token malformed");
    const none = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${token.split(".")[1]}.`;
    expect(() => verifyAccessToken(none, SECRET)).toThrow("malformed");
  });
});
