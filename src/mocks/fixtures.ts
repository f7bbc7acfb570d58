import { projectPath } from "../paths.ts";
import { createPublicKey, type KeyObject } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { FiredrillError } from "../errors.ts";
import type { FreebitFixture } from "./freebit/fixture.ts";
import type { OrgFixture } from "./salesforce/org-fixture.ts";
import type { WhmcsFixture } from "./whmcs/fixture.ts";

/** fixtures/mocks/ in this repository. */
export const DEFAULT_FIXTURES_DIR = projectPath("fixtures", "mocks");

export interface MockFixtures {
  readonly dir: string;
  readonly org: OrgFixture;
  readonly publicKey: KeyObject;
  /** Absolute path of the Connected App's test-only private key: what a client signs its JWT with. */
  readonly privateKeyPath: string;
  readonly whmcs: WhmcsFixture;
  readonly freebit: FreebitFixture;
}

async function readJson<T>(file: string, requiredKeys: readonly string[]): Promise<T> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    throw new FiredrillError(
      missing ? "NOT_FOUND" : "CONFIG_INVALID",
      missing ? `mocks: fixture ${file} does not exist; point fixturesDir at a copy of fixtures/mocks/` : `mocks: fixture ${file} is not valid JSON: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const missingKeys = requiredKeys.filter((key) => value === null || typeof value !== "object" || !(key in value));
  if (missingKeys.length > 0) throw new FiredrillError("CONFIG_INVALID", `mocks: fixture ${file} lacks ${missingKeys.join(", ")}; compare it with fixtures/mocks/`);
  return value as T;
}

/** Reads the seed data of all three systems and the Connected App's key pair. */
export async function loadFixtures(dir: string = DEFAULT_FIXTURES_DIR): Promise<MockFixtures> {
  const org = await readJson<OrgFixture>(path.join(dir, "salesforce", "org.json"), ["organizationId", "connectedApp", "users", "sobjects", "records", "apiVersions", "dailyApiRequestLimit"]);
  const whmcs = await readJson<WhmcsFixture>(path.join(dir, "whmcs.json"), ["apiCredentials", "allowedIps", "clients", "orders", "services", "invoices", "paymethods", "products"]);
  const freebit = await readJson<FreebitFixture>(path.join(dir, "freebit.json"), ["oemId", "oemKey", "accounts", "msisdnPool"]);
  const publicKeyPath = path.join(dir, org.connectedApp.publicKeyFile);
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey(await readFile(publicKeyPath, "utf8"));
  } catch (error) {
    throw new FiredrillError("CONFIG_INVALID", `mocks: ${publicKeyPath} is not a readable PEM public key (the Connected App's certificate key)`, { cause: error });
  }
  return { dir, org, publicKey, privateKeyPath: path.resolve(dir, org.connectedApp.privateKeyFile), whmcs, freebit };
}
