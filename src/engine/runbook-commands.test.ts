import { describe, expect, it } from "vitest";
import type { EnvironmentDescriptor } from "../env/descriptor.ts";
import { mapRunbookCommand } from "./runbook-commands.ts";

const descriptor = {
  name: "t",
  target: { url: "http://127.0.0.1:41234", healthUrl: "http://127.0.0.1:41234/health", logDir: "/dev/shm/x/envs/t/portal/logs", pid: 4242, command: "sample", overrides: {} },
} as unknown as EnvironmentDescriptor;

describe("mapRunbookCommand", () => {
  it("points localhost:4000 at the target, with or without a scheme", () => {
    expect(mapRunbookCommand("curl http://localhost:4000/health | jq '.checks.cache'", descriptor)).toBe("curl http://127.0.0.1:41234/health | jq '.checks.cache'");
    expect(mapRunbookCommand("curl -X GET localhost:4000/health", descriptor)).toBe("curl -X GET 127.0.0.1:41234/health");
  });

  it("points /var/log/bff/ at the target's log directory", () => {
    expect(mapRunbookCommand('grep "WHMCS" /var/log/bff/error.log | tail -20', descriptor)).toBe('grep "WHMCS" /dev/shm/x/envs/t/portal/logs/error.log | tail -20');
  });

  it("keeps pgrep's pattern but only this environment's BFF, and runs top in batch mode", () => {
    expect(mapRunbookCommand('top -p $(pgrep -f "node.*bff")', descriptor)).toBe('top -b -n 1 -p $(pgrep -f "node.*bff" | grep -x 4242)');
  });

  it("leaves the commands that already work in the environment's shell as written", () => {
    for (const command of ["redis-cli ping", 'psql $DATABASE_URL -c "SELECT 1"', 'curl -X POST $WHMCS_API_URL -d "action=GetClients&responsetype=json"']) {
      expect(mapRunbookCommand(command, descriptor)).toBe(command);
    }
  });
});
