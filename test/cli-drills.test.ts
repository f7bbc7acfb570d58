import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "./support/cli.ts";

const SHIPPED_DRILLS = fileURLToPath(new URL("../drills", import.meta.url));
const SHIPPED_RUNBOOK = fileURLToPath(new URL("../runbooks/incident-response.md", import.meta.url));
const SHIPPED_IDS = [
  "external-api-errors", "external-api-latency", "platform-events-disabled", "platform-events-jwt-broken", "platform-events-permission-revoked",
  "platform-events-stalled", "postgres-down", "postgres-long-lock", "postgres-pool-exhausted", "redis-down", "redis-memory-exhausted",
  "security-brute-force", "security-exfiltration", "security-token-reuse", "whmcs-auth-failing", "whmcs-down", "whmcs-slow",
];

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A drills directory with these files, copied from drills/ or written as given. */
async function drillsDir(files: Record<string, string | "shipped">): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "firedrill-drills-"));
  temporary.push(dir);
  for (const [name, text] of Object.entries(files)) {
    if (text === "shipped") await copyFile(path.join(SHIPPED_DRILLS, name), path.join(dir, name));
    else await writeFile(path.join(dir, name), text);
  }
  return dir;
}

describe("firedrill list", () => {
  it("shows all 17 shipped drills with scenario and fault kinds, and no answers", async () => {
    const result = await runCli(["list"]);
    expect(result.code, result.stderr).toBe(0);
    for (const id of SHIPPED_IDS) expect(result.stdout).toMatch(new RegExp(`^${id} `, "m"));
    expect(result.stdout).toMatch(/^redis-down\s+3\. Redis Connection Failures\s+Redis goes down .*redis\.stop$/m);
    expect(result.stdout).toContain("17 drills");
    expect(result.stdout).not.toMatch(/\bP[1-4]\b|severity|Answer key/);
  });

  it("prints JSON rows without the answer key", async () => {
    const result = await runCli(["list", "--json", "--drills", SHIPPED_DRILLS, "--runbook", SHIPPED_RUNBOOK]);
    expect(result.code, result.stderr).toBe(0);
    const rows = JSON.parse(result.stdout) as { id: string; scenario: { number: number }; faultKinds: string[] }[];
    expect(rows.map((row) => row.id)).toEqual(SHIPPED_IDS);
    expect(rows.find((row) => row.id === "postgres-long-lock")).toMatchObject({ scenario: { id: "database-connection-issues", number: 4 }, faultKinds: ["postgres.lock"] });
    for (const row of rows) expect(Object.keys(row).sort()).toEqual(["faultKinds", "file", "id", "scenario", "title"]);
    expect(result.stdout).not.toMatch(/"(answers|severity)"/);
  });
});

describe("firedrill show", () => {
  it("shows the briefing, faults and steady state, and hides the answer key", async () => {
    const result = await runCli(["show", "redis-down"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("Alert: login error rate above 50%.");
    expect(result.stdout).toContain("3. Redis Connection Failures");
    expect(result.stdout).toMatch(/^ {2}redis-down \(redis\.stop\) on redis/m);
    expect(result.stdout).toContain("Hints: 2");
    expect(result.stdout).not.toMatch(/P2|Answer key|redis-cli ping/);

    const json = JSON.parse((await runCli(["show", "redis-down", "--json"])).stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ id: "redis-down", hintCount: 2 });
    expect(json).not.toHaveProperty("answers");
  });

  it("shows the answer key with --answers, escalation due times included", async () => {
    const result = await runCli(["show", "redis-down", "--answers"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("best P2, accepted P2, P1");
    expect(result.stdout).toContain("component   redis");
    expect(result.stdout).toContain("L2 due after 30m if still unresolved");
    expect(result.stdout).toContain("redis.start (runbook step 3)");
    expect(result.stdout).toContain("$ redis-cli ping");

    const json = JSON.parse((await runCli(["show", "redis-down", "--json", "--answers"])).stdout) as { answers: { severity: { best: string } }; escalationDue: { level: string; dueAfterMs: number }[] };
    expect(json.answers.severity.best).toBe("P2");
    expect(json.escalationDue).toEqual([expect.objectContaining({ level: "L2", dueAfterMs: 30 * 60_000, onlyIfUnresolved: true })]);
  });

  it("exits 2 for an unknown drill, naming it, suggesting the close one and listing the rest", async () => {
    const result = await runCli(["show", "redis-dwn"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain('no drill "redis-dwn"');
    expect(result.stderr).toContain('did you mean "redis-down"?');
    for (const id of SHIPPED_IDS) expect(result.stderr).toContain(id);
  });
});

describe("firedrill runbook check", () => {
  it("exits 0 on the shipped set: every scenario has a drill, all 14 diagnosis commands are exercised", async () => {
    const result = await runCli(["runbook", "check"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("diagnosis commands: 14 of 14 exercised by a drill");
    expect(result.stdout).toMatch(/ok +3\. Redis Connection Failures: redis-down, redis-memory-exhausted/);
    expect(result.stdout).not.toMatch(/NO DRILL|NOT EXERCISED/);
  });

  it("exits 1 and names the gaps when drills are missing", async () => {
    const dir = await drillsDir({ "redis-down.yaml": "shipped" });
    const result = await runCli(["runbook", "check", "--drills", dir]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/NO DRILL 6\. Security Incident: no drill rehearses it/);
    expect(result.stdout).toMatch(/NOT EXERCISED .*incident-response\.md:\d+ \(database-connection-issues\): /);
    expect(result.stdout).toMatch(/ok +3\. Redis Connection Failures: redis-down$/m);

    const json = JSON.parse((await runCli(["runbook", "check", "--drills", dir, "--json"])).stdout) as { scenariosWithoutDrill: string[] };
    expect(json.scenariosWithoutDrill).toHaveLength(5);
    expect(json.scenariosWithoutDrill).not.toContain("redis-connection-failures");
  });

  it("exits 2 with the file and line when the runbook cannot be read", async () => {
    const dir = await drillsDir({});
    const runbook = path.join(dir, "runbook.md");
    await writeFile(runbook, "# Not a runbook\n\nNothing here.\n");
    const result = await runCli(["runbook", "check", "--runbook", runbook, "--drills", dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${runbook}:`);
  });
});

describe("drill files that cannot be used", () => {
  it("a YAML error: exit 2 with file:line:column, for every command", async () => {
    const dir = await drillsDir({ "redis-down.yaml": "shipped", "broken.yaml": "id: broken\ntitle: [unclosed\nscenario: redis-connection-failures\n" });
    const file = path.join(dir, "broken.yaml");
    for (const args of [["list"], ["show", "redis-down"], ["runbook", "check"]]) {
      const result = await runCli([...args, "--drills", dir]);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+: `));
    }
  });

  it("an unknown fault kind: exit 2 with its line and column and the allowed kinds", async () => {
    const text = (await readFile(path.join(SHIPPED_DRILLS, "redis-down.yaml"), "utf8")).replace("kind: redis.stop", "kind: redis.stp");
    const line = text.split("\n").findIndex((row) => row.includes("redis.stp")) + 1;
    const dir = await drillsDir({ "redis-down.yaml": text });
    const result = await runCli(["list", "--drills", dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${path.join(dir, "redis-down.yaml")}:${line}:11: faults[0].kind: unknown fault kind "redis.stp"`);
    expect(result.stderr).toContain('did you mean "redis.stop"?');
    expect(result.stderr).toMatch(/allowed: .*redis\.stop.*security\.token-reuse/);
  });

  it("checks an implemented kind's params against the real fault registry; an unimplemented kind still loads", async () => {
    const text = (await readFile(path.join(SHIPPED_DRILLS, "postgres-long-lock.yaml"), "utf8")).replace("mode: ACCESS EXCLUSIVE", "mode: EVERYTHING");
    const dir = await drillsDir({ "postgres-long-lock.yaml": text, "platform-events-disabled.yaml": "shipped" });
    const result = await runCli(["list", "--drills", dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/postgres-long-lock\.yaml:\d+:\d+: faults\[0\]\.params\.mode: unknown lock mode "EVERYTHING" \(allowed: .*ACCESS EXCLUSIVE\)/);
    expect(result.stderr).not.toContain("platform-events-disabled");

    const fine = await runCli(["show", "platform-events-disabled", "--drills", await drillsDir({ "platform-events-disabled.yaml": "shipped" })]);
    expect(fine.code, fine.stderr).toBe(0);
    expect(fine.stdout).toContain("target.env");
  });
});
