import { Toxiproxy } from "toxiproxy-node-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EnvironmentDescriptor } from "../src/env/descriptor.ts";
import { redisPing } from "../src/env/health.ts";
import { containerStateDirs, inspect, requireDocker } from "./support/docker.ts";
import { envCli, envUp, privateStateRoot } from "./support/env.ts";
import { toxiproxyStandIn } from "./support/toxiproxy-standin.ts";

requireDocker();
let state: Awaited<ReturnType<typeof privateStateRoot>>;
let descriptor: EnvironmentDescriptor;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  state = await privateStateRoot();
  env = { ...state.env, FIREDRILL_TOXIPROXY_IMAGE: await toxiproxyStandIn() };
  descriptor = await envUp(env, "toxi", ["--backend", "containers", "--no-portal"]);
}, 180_000);
afterAll(async () => state?.cleanup(), 60_000);

describe("the containers backend with a Toxiproxy image (a stand-in shaped like ghcr.io/shopify/toxiproxy)", () => {
  it("runs the proxies in a labelled container on the host's network and records it in the descriptor", () => {
    expect(descriptor.proxy.containerId).toMatch(/^[0-9a-f]{64}$/);
    expect(inspect(descriptor.proxy.containerId!, "{{.HostConfig.NetworkMode}}")).toBe("host");
    expect(JSON.parse(inspect(descriptor.proxy.containerId!, "{{json .Config.Labels}}"))).toMatchObject({ "firedrill.env": "toxi", "firedrill.state-dir": descriptor.stateDir });
    expect(descriptor.env.TOXIPROXY_URL).toBe(descriptor.proxy.apiUrl);
  });

  it("the same client drives it: a disabled proxy cuts Redis off until it is enabled again", async () => {
    const proxy = await new Toxiproxy(descriptor.proxy.apiUrl).get("redis");
    expect(await redisPing(descriptor.services.redis.url)).toBe("PONG");
    await proxy.update({ enabled: false, listen: proxy.listen, upstream: proxy.upstream });
    await expect(redisPing(descriptor.services.redis.url, 500)).rejects.toThrow();
    await proxy.update({ enabled: true, listen: proxy.listen, upstream: proxy.upstream });
    expect(await redisPing(descriptor.services.redis.url)).toBe("PONG");
  });

  it("env down removes the proxy's container with the others", async () => {
    expect((await envCli(env, ["env", "down", "--name", "toxi"])).code).toBe(0);
    expect(containerStateDirs().filter((dir) => dir === descriptor.stateDir)).toEqual([]);
  });
});
