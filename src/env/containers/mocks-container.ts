import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { FiredrillError } from "../../errors.ts";
import type { MocksDescriptor, SystemName } from "../../mocks/index.ts";
import { projectRoot } from "../../paths.ts";
import type { MocksPart } from "../assemble.ts";
import { freePort, LOOPBACK } from "../ports.ts";
import { runtimeClient, testcontainers } from "./runtime.ts";

const READY_TIMEOUT_MS = 60_000;

/**
 * The SaaS mocks in a container (`firedrill mocks`, on a Node.js image with
 * firedrill's own directory mounted at the same path, so the key and fixture
 * paths they hand out are true on the host too), on the host's network: they
 * listen on loopback as in the supervisor. Driven over their control API.
 */
export async function mocksContainer(options: { image: string; labels: Record<string, string> }): Promise<MocksPart> {
  const { GenericContainer } = await testcontainers();
  const root = projectRoot();
  const controlPort = await freePort();
  const controlUrl = `http://${LOOPBACK}:${controlPort}`;
  let started;
  try {
    started = await new GenericContainer(options.image)
      .withNetworkMode("host")
      .withBindMounts([{ source: root, target: root, mode: "rw" }])
      .withWorkingDir(root)
      // As this user: the CLI's bundle cache under node_modules/.cache stays ours.
      .withUser(`${process.getuid?.() ?? 0}:${process.getgid?.() ?? 0}`)
      .withEnvironment({ HOME: "/tmp" })
      .withCommand(["node", path.join(root, "bin", "firedrill.js"), "mocks", "--host", LOOPBACK, "--control-port", String(controlPort)])
      .withLabels(options.labels)
      .withAutoCleanup(false)
      .start();
  } catch (error) {
    throw new FiredrillError("PROCESS_FAILED", `mocks: container from ${options.image} did not start: ${(error as Error).message.split("\n")[0]}`, { cause: error });
  }
  const client = await runtimeClient();
  const container = client.container.getById(started.getId());
  let removing: Promise<void> | undefined;
  const remove = () => (removing ??= container.remove({ force: true, v: true }).catch(() => {}));
  try {
    let current = await untilDescribed(controlUrl, async () => (await container.inspect()).State.Running);
    return {
      controlUrl,
      containerId: started.getId(),
      descriptor: () => current,
      setPublicUrl: async (system: SystemName, url: string) => {
        const response = await fetch(`${controlUrl}/public-urls/${system}`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ url }) });
        if (!response.ok) throw new FiredrillError("PROCESS_FAILED", `mocks: PUT /public-urls/${system} answered ${response.status}: ${await response.text()}`);
        current = (await response.json()) as MocksDescriptor;
      },
      [Symbol.asyncDispose]: remove,
    };
  } catch (error) {
    await remove();
    throw error;
  }
}

async function untilDescribed(controlUrl: string, running: () => Promise<boolean>): Promise<MocksDescriptor> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${controlUrl}/`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return (await response.json()) as MocksDescriptor;
      last = new Error(`GET / answered ${response.status}`);
    } catch (error) {
      last = error;
      if (!(await running())) throw new FiredrillError("PROCESS_FAILED", `mocks: their container exited before the control API answered on ${controlUrl}; see \`docker logs\` of it`);
    }
    await sleep(50);
  }
  throw new FiredrillError("TIMEOUT", `mocks: no answer from ${controlUrl} ${READY_TIMEOUT_MS}ms after their container started (${(last as Error)?.message})`);
}
