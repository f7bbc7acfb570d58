import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from "node:crypto";

/** `scrypt$N$r$p$salt$hash`, salt and hash base64url without padding (fixtures/portal/README.md). */
const FORMAT = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

function derive(password: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem must cover 128 * N * r bytes; Node's 32 MiB default is too tight for larger costs.
    scrypt(password, salt, length, { ...options, maxmem: 256 * (options.N ?? 16_384) * (options.r ?? 8) }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Whether `password` matches `stored`; false (never a throw) for a malformed hash. Runs off the event loop. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = FORMAT.exec(stored);
  if (match === null) return false;
  const [, N, r, p, salt, hash] = match as unknown as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, "base64url");
  if (expected.length === 0 || Number(N) > 1 << 20) return false;
  const actual = await derive(password, Buffer.from(salt, "base64url"), expected.length, { N: Number(N), r: Number(r), p: Number(p) });
  return timingSafeEqual(actual, expected);
}

export async function hashPassword(password: string, cost: { N: number; r: number; p: number } = { N: 16_384, r: 8, p: 1 }): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, 32, cost);
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

/**
 * A hash to check unknown emails against, so a login for an address nobody
 * has takes as long as one with a wrong password.
 */
export const DECOY_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
