import { generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeJwt, verifyRs256 } from "./jwt.ts";

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const other = generateKeyPairSync("rsa", { modulusLength: 2048 });
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const jws = (header: object, claims: object, key = privateKey) => {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${sign("RSA-SHA256", Buffer.from(input), key).toString("base64url")}`;
};

describe("decodeJwt / verifyRs256", () => {
  it("verifies an RS256 signature with the right key only", () => {
    const jwt = decodeJwt(jws({ alg: "RS256" }, { iss: "x", exp: 1 }))!;
    expect(jwt.claims).toEqual({ iss: "x", exp: 1 });
    expect(verifyRs256(jwt, publicKey)).toBe(true);
    expect(verifyRs256(jwt, other.publicKey)).toBe(false);
  });

  it("refuses another algorithm, even with a valid RSA signature", () => {
    expect(verifyRs256(decodeJwt(jws({ alg: "RS512" }, {}))!, publicKey)).toBe(false);
    expect(verifyRs256(decodeJwt(`${b64({ alg: "none" })}.${b64({})}.`)!, publicKey)).toBe(false);
  });

  it.each(["", "a.b", "a.b.c.d", `${b64([1])}.${b64({})}.x`, `${b64({})}.bm90IGpzb24.x`, `${b64({})}.${b64({})}.!!`, `x${"a".repeat(20_000)}.a.a`])("returns undefined for %s", (token) => {
    expect(decodeJwt(token)).toBeUndefined();
  });
});
