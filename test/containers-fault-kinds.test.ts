import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EnvironmentDescriptor } from "../src/env/descriptor.ts";
import { postgresSelectOne, redisPing } from "../src/env/health.ts";
import { type Supervised, selectBackend, supervise } from "../src/env/supervisor.ts";
import { injectFault } from "../src/faults/registry.ts";
import { inspect, requireDocker } from "./support/docker.ts";
import { privateStateRoot } from "./support/env.ts";

// One containers environment for the file (no portal): each kind acts on it and puts it back.
requireDocker();
let state: Awaited<ReturnType<typeof privateStateRoot>> | undefined;
let supervised: Supervised | undefined;

beforeAll(async () => {
  state = await privateStateRoot();
  supervised = await supervise({ name: "ckinds", root: state.root, backend: await selectBackend("containers", { target: false }) });
}, 180_000);
afterAll(async () => {
  try {
    await supervised?.down();
  } finally {
    await state?.cleanup();
  }
}, 60_000);

const descriptor = (): EnvironmentDescriptor => supervised!.descriptor;

describe("container.* fault kinds on the containers backend (needs a Docker engine and `firedrill images build`)", () => {
  it("container.pause: Redis stops answering (PING times out) until reverted; reverting twice is safe", async () => {
    const { directUrl, url } = descriptor().services.redis;
    const handle = await injectFault("container.pause", { descriptor: descriptor(), target: "redis" });
    expect(handle.details).toMatchObject({ part: "redis", paused: true });
    await expect(redisPing(directUrl, 500)).rejects.toThrow(/no reply to PING within 500ms/);
    await handle.revert();
    await handle.revert();
    expect(await redisPing(url)).toBe("PONG");
  });

  it("container.kill: Redis refuses connections until the revert starts it again (with a new pid)", async () => {
    const { directUrl, url, containerId, pid } = descriptor().services.redis;
    const handle = await injectFault("container.kill", { descriptor: descriptor(), target: "redis" });
    expect(handle.details).toEqual({ part: "redis", containerId, signal: "SIGKILL" });
    expect(inspect(containerId!, "{{.State.Running}}")).toBe("false");
    await expect(redisPing(directUrl, 500)).rejects.toThrow(/ECONNREFUSED|closed/);
    await handle.revert();
    await handle.revert();
    expect(await redisPing(url)).toBe("PONG");
    expect(descriptor().services.redis.pid).not.toBe(pid);
    expect(descriptor().services.redis.pid).toBeGreaterThan(0);
  });

  it("container.disconnect: PostgreSQL is cut off until reverted", async () => {
    const { directUrl, url } = descriptor().services.postgres;
    const handle = await injectFault("container.disconnect", { descriptor: descriptor(), target: "postgres" });
    expect(handle.details).toMatchObject({ part: "postgres", network: "bridge" });
    await expect(postgresSelectOne(directUrl, 1_000)).rejects.toThrow();
    await handle.revert();
    await handle.revert();
    expect(await postgresSelectOne(url, 5_000)).toBe("SELECT 1");
  });

  it("container.oom: Redis outgrows a 32 MB limit and the OOM killer ends it; the revert lifts the limit and starts it", async () => {
    const { directUrl, containerId } = descriptor().services.redis;
    const handle = await injectFault("container.oom", { descriptor: descriptor(), target: "redis", params: { limit: "32mb" } });
    expect(handle.details).toMatchObject({ part: "redis", limitBytes: 32 * 1024 * 1024, oomKilled: true });
    await expect(redisPing(directUrl, 500)).rejects.toThrow();
    await handle.revert();
    await handle.revert();
    expect(await redisPing(directUrl)).toBe("PONG");
    expect(Number(inspect(containerId!, "{{.HostConfig.Memory}}"))).toBeGreaterThan(32 * 1024 * 1024);
  });

  it("on an environment without containers (local backend), each kind says it needs --backend containers", async () => {
    const { containerId: _redis, ...redis } = descriptor().services.redis;
    const { containerId: _postgres, ...postgres } = descriptor().services.postgres;
    const local: EnvironmentDescriptor = { ...descriptor(), backend: "local", services: { ...descriptor().services, redis, postgres } };
    for (const kind of ["container.pause", "container.kill", "container.oom", "container.disconnect"]) {
      await expect(injectFault(kind, { descriptor: local, target: "redis" })).rejects.toMatchObject({ code: "CONFIG_INVALID", message: expect.stringContaining("needs --backend containers") });
    }
    await expect(injectFault("container.pause", { descriptor: descriptor(), target: "portal" })).rejects.toThrow(/set the fault's target to one of redis, postgres/);
  });
});
