import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FiredrillError } from "../errors.ts";
import { loadConfig } from "./config.ts";

const keyDir = mkdtempSync(path.join(os.tmpdir(), "portal-config-test-"));
const keyPath = path.join(keyDir, "server.key");
writeFileSync(keyPath, generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }));

const minimal = {
  DATABASE_URL: "postgresql://portal:secret@127.0.0.1:5432/portal",
  REDIS_URL: "redis://127.0.0.1:6379",
  JWT_SECRET: "0123456789abcdef0123",
  WHMCS_API_URL: "http://127.0.0.1:8002/includes/api.php",
  WHMCS_API_IDENTIFIER: "id",
  WHMCS_API_SECRET: "secret",
};

const salesforce = {
  SF_LOGIN_URL: "http://127.0.0.1:8001/",
  SF_CONSUMER_KEY: "key",
  SF_USERNAME: "integration@example.com",
  SF_PRIVATE_KEY_PATH: keyPath,
  FREEBIT_API_URL: "http://127.0.0.1:8003/emptool/api/",
  FREEBIT_OEM_ID: "oem",
  FREEBIT_OEM_KEY: "oem-key",
};

function problems(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(FiredrillError);
    expect((error as FiredrillError).code).toBe("CONFIG_INVALID");
    return (error as Error).message;
  }
  throw new Error("loadConfig accepted the environment");
}

describe("loadConfig", () => {
  it("fills the documented defaults", () => {
    const config = loadConfig(minimal);
    expect(config.port).toBe(4000);
    expect(config.host).toBe("127.0.0.1");
    expect(config.database).toMatchObject({ poolSize: 10, poolTimeoutMs: 10_000 });
    expect(config.events).toMatchObject({ enabled: false, replay: "LATEST", channel: "/event/OrderProvisionRequested__e" });
    expect(config.auth.blacklistFailClosed).toBe(true);
    expect(config.whmcs.policy).toEqual({ timeoutMs: 5_000, circuitEnabled: true, circuitFailureThreshold: 5, circuitResetMs: 30_000 });
    expect(config.health).toEqual({ skip: [], timeoutMs: 1_500 });
    expect(config.salesforce).toBeUndefined();
    expect(config.freebit).toBeUndefined();
  });

  it("sizes the pool from connection_limit and keeps pool parameters out of the URL given to pg", () => {
    const config = loadConfig({ ...minimal, DATABASE_URL: `${minimal.DATABASE_URL}?connection_limit=3&pool_timeout=2&sslmode=disable` });
    expect(config.database.poolSize).toBe(3);
    expect(config.database.poolTimeoutMs).toBe(2_000);
    expect(config.database.url).toBe(`${minimal.DATABASE_URL}?sslmode=disable`);
  });

  it("reads replay mode, fail-open, health skips and per-system overrides", () => {
    const config = loadConfig({
      ...minimal,
      ...salesforce,
      SF_EVENTS_ENABLED: "true",
      SF_EVENTS_REPLAY: "all",
      AUTH_BLACKLIST_FAIL_CLOSED: "false",
      PORTAL_HEALTH_SKIP: "cache, freebit",
      EXTERNAL_TIMEOUT_MS: "800",
      WHMCS_TIMEOUT_MS: "300",
      CIRCUIT_FAILURE_THRESHOLD: "2",
    });
    expect(config.events).toMatchObject({ enabled: true, replay: "ALL" });
    expect(config.auth.blacklistFailClosed).toBe(false);
    expect(config.health.skip).toEqual(["cache", "freebit"]);
    expect(config.whmcs.policy).toMatchObject({ timeoutMs: 300, circuitFailureThreshold: 2 });
    expect(config.salesforce?.policy.timeoutMs).toBe(800);
    expect(config.salesforce?.loginUrl).toBe("http://127.0.0.1:8001");
    expect(config.freebit?.apiUrl).toBe("http://127.0.0.1:8003/emptool/api");
  });

  it("names every missing variable with an example at once", () => {
    const message = problems({});
    for (const name of ["DATABASE_URL", "REDIS_URL", "JWT_SECRET", "WHMCS_API_URL", "WHMCS_API_IDENTIFIER", "WHMCS_API_SECRET"]) {
      expect(message).toMatch(new RegExp(`- ${name}: is required.*e\\.g\\. ${name}=`));
    }
    expect(message).toMatch(/^portal: 6 configuration problems:/);
  });

  it("says which values are wrong and what is allowed", () => {
    const message = problems({
      ...minimal,
      PORT: "http",
      SF_EVENTS_REPLAY: "EARLIEST",
      AUTH_BLACKLIST_FAIL_CLOSED: "maybe",
      PORTAL_HEALTH_SKIP: "cache,dns",
      DATABASE_URL: "mysql://x@y/z",
    });
    expect(message).toContain('PORT: "http" is not an integer from 0 to 65535');
    expect(message).toContain('SF_EVENTS_REPLAY: "EARLIEST" is not allowed; use one of LATEST, ALL');
    expect(message).toContain("AUTH_BLACKLIST_FAIL_CLOSED: \"maybe\" is not a boolean; set AUTH_BLACKLIST_FAIL_CLOSED=true or AUTH_BLACKLIST_FAIL_CLOSED=false");
    expect(message).toContain('PORTAL_HEALTH_SKIP: unknown entry "dns"; use a comma-separated list of database, cache, salesforce, whmcs, freebit');
    expect(message).toContain("DATABASE_URL: \"mysql://x@y/z\" must use postgres:// or postgresql://");
  });

  it("rejects a bad connection_limit and hides the password", () => {
    const message = problems({ ...minimal, DATABASE_URL: "postgresql://portal:hunter2@db/portal?connection_limit=lots" });
    expect(message).toContain("DATABASE_URL: connection_limit=lots is not an integer from 1 to 10000");
    expect(message).not.toContain("hunter2");
  });

  it("requires Salesforce and Freebit settings once Platform Events are enabled", () => {
    const message = problems({ ...minimal, SF_EVENTS_ENABLED: "true" });
    for (const name of ["SF_LOGIN_URL", "SF_CONSUMER_KEY", "SF_USERNAME", "SF_PRIVATE_KEY_PATH", "FREEBIT_API_URL", "FREEBIT_OEM_ID", "FREEBIT_OEM_KEY"]) {
      expect(message).toContain(`${name}: is required while SF_EVENTS_ENABLED=true`);
    }
  });

  it("explains an unreadable or invalid private key", () => {
    expect(problems({ ...minimal, ...salesforce, SF_PRIVATE_KEY_PATH: "/nonexistent/key.pem" })).toContain("SF_PRIVATE_KEY_PATH: cannot read /nonexistent/key.pem (ENOENT)");
    const notKey = path.join(keyDir, "not-a-key.pem");
    writeFileSync(notKey, "hello");
    expect(problems({ ...minimal, ...salesforce, SF_PRIVATE_KEY_PATH: notKey })).toContain("SF_PRIVATE_KEY_PATH: is not a PEM private key");
  });

  it("accepts the private key inline with escaped newlines", () => {
    const pem = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const { SF_PRIVATE_KEY_PATH: _path, ...rest } = salesforce;
    const config = loadConfig({ ...minimal, ...rest, SF_PRIVATE_KEY: pem.replaceAll("\n", "\\n") });
    expect(config.salesforce?.privateKey.asymmetricKeyType).toBe("rsa");
  });

  it("refuses a short JWT secret", () => {
    expect(problems({ ...minimal, JWT_SECRET: "short" })).toContain("JWT_SECRET: is 5 characters; use at least 16");
  });
});
