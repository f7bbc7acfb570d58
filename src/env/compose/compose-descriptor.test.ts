import { describe, expect, it } from "vitest";
import { hostPath } from "./compose-cli.ts";
import { flagValue } from "./compose-config.ts";
import { portalOverrides } from "./compose-descriptor.ts";

describe("reading a compose stack", () => {
  it("portalOverrides: what differs from the compose file's variables, ignoring the image's own and empty ones the file lacks", () => {
    const base = { SF_EVENTS_REPLAY: "LATEST", AUTH_BLACKLIST_FAIL_CLOSED: "true", SF_EVENTS_ENABLED: "true" };
    const image = { PATH: "/usr/bin", NODE_VERSION: "20" };
    const running = { ...image, SF_EVENTS_REPLAY: "ALL", AUTH_BLACKLIST_FAIL_CLOSED: "true", SF_EVENTS_ENABLED: "", EXTRA: "1", GONE: "" };
    expect(portalOverrides(running, base, image)).toEqual({ SF_EVENTS_REPLAY: "ALL", SF_EVENTS_ENABLED: "", EXTRA: "1" });
    expect(portalOverrides({ ...image, SF_EVENTS_REPLAY: "LATEST" }, base, image)).toEqual({ AUTH_BLACKLIST_FAIL_CLOSED: "", SF_EVENTS_ENABLED: "" });
  });

  it("flagValue reads --flag value, --flag=value and Go's -flag=value", () => {
    expect(flagValue(["proxy", "--host", "127.0.0.1", "--port", "8474"], "-port", "--port")).toBe("8474");
    expect(flagValue(["-host=127.0.0.1", "-port=9000"], "-port", "--port")).toBe("9000");
    expect(flagValue(["mocks", "--control-port=18090"], "--control-port")).toBe("18090");
    expect(flagValue(["mocks"], "--control-port")).toBeUndefined();
  });

  it("hostPath maps a container path through the deepest bind mount covering it", () => {
    const mounts = [
      { source: "/work/main", destination: "/app" },
      { source: "/tmp/logs", destination: "/var/log/bff" },
      { source: "/work/main/fixtures", destination: "/app/fixtures" },
    ];
    expect(hostPath(mounts, "/var/log/bff")).toBe("/tmp/logs");
    expect(hostPath(mounts, "/app/fixtures/mocks/key.pem")).toBe("/work/main/fixtures/mocks/key.pem");
    expect(hostPath(mounts, "/application/x")).toBe("/application/x");
  });
});
