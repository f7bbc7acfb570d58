import { describe, expect, it } from "vitest";
import type { Finding } from "../src/env/doctor.ts";
import { runCli } from "./support/cli.ts";
import { requireDocker } from "./support/docker.ts";

// The images exist once scripts/setup.sh ran (CI): these runs take the reuse path, a second or two.
requireDocker();

describe("firedrill images build and doctor", () => {
  it("images build is idempotent: a second run reuses every image", async () => {
    await runCli(["images", "build"], { timeoutMs: 300_000 });
    const again = await runCli(["images", "build"], { timeoutMs: 60_000 });
    expect(again.code, again.stderr).toBe(0);
    for (const tag of ["firedrill/redis:local", "firedrill/postgres:local", "firedrill/node:local"]) expect(again.stdout).toMatch(new RegExp(`reused\\s+${tag}`));
    expect(again.stdout).toMatch(/reused\s+firedrill\/postgres-seeded:[0-9a-f]{12}/);
    expect(again.stdout).not.toMatch(/^built/m);
  }, 320_000);

  it("doctor says the engine is reachable and which image each part would run", async () => {
    const result = await runCli(["doctor", "--json"], { timeoutMs: 60_000 });
    const findings = JSON.parse(result.stdout) as Finding[];
    expect(findings.find((finding) => finding.what.startsWith("Docker engine"))).toMatchObject({ ok: true });
    const image = (role: string) => findings.find((finding) => finding.what === `image: ${role}`);
    for (const role of ["redis", "postgres", "node"]) expect(image(role)).toMatchObject({ ok: true });
    expect(image("toxiproxy")?.detail).toMatch(/own Toxiproxy-compatible proxy runs on the host/);
  }, 90_000);
});
