import { describe, expect, it } from "vitest";
import { DECOY_HASH, hashPassword, verifyPassword } from "./passwords.ts";

// Customer #1 of fixtures/portal/seed.sql.
const SEEDED = "scrypt$16384$8$1$Kdut-e1DJPuy1m4wjoNsJw$e4adhVy_0cfSO_Wic69ASDS5JoL8ZLMcUNDEvrQlIoQ";

describe("scrypt passwords", () => {
  it("verifies the seed's hashes", async () => {
    expect(await verifyPassword("drill-password-1", SEEDED)).toBe(true);
    expect(await verifyPassword("drill-password-2", SEEDED)).toBe(false);
  });

  it("hashes in the same format", async () => {
    const stored = await hashPassword("s3cret", { N: 1024, r: 8, p: 1 });
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword("s3cret", stored)).toBe(true);
  });

  it("answers false for malformed hashes and the decoy", async () => {
    expect(await verifyPassword("x", "bcrypt$whatever")).toBe(false);
    expect(await verifyPassword("x", "scrypt$16384$8$1$salt$")).toBe(false);
    expect(await verifyPassword("drill-password-1", DECOY_HASH)).toBe(false);
  });
});
