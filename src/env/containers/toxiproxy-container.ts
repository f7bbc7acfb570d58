import { setTimeout as sleep } from "node:timers/promises";
import { FiredrillError } from "../../errors.ts";
import type { FaultProxyServer } from "../assemble.ts";
import { freePort, LOOPBACK } from "../ports.ts";
import { testcontainers, runtimeClient } from "./runtime.ts";

const READY_TIMEOUT_MS = 30_000;

/**
 * Toxiproxy itself, in a container on the host's network: it listens on
 * loopback and reaches the servers' published ports and the mocks exactly as
 * firedrill's own proxy does in the supervisor, so the environment creates
 * the same proxies through the same client either way.
 */
export async function toxiproxyContainer(options: { image: string; labels: Record<string, string>; port?: number }): Promise<FaultProxyServer> {
  const { GenericContainer } = await testcontainers();
  const port = options.port ?? (await freePort());
  const apiUrl = `http://${LOOPBACK}:${port}`;
  let started;
  try {
    started = await new GenericContainer(options.image)
      .withNetworkMode("host")
      // The image's entrypoint is toxiproxy-server; these are its flags.
      .withCommand([`-host=${LOOPBACK}`, `-port=${port}`])
      .withLabels(options.labels)
      .withAutoCleanup(false)
      .start();
  } catch (error) {
    throw new FiredrillError("PROCESS_FAILED", `toxiproxy: container from ${options.image} did not start: ${(error as Error).message.split("\n")[0]}`, { cause: error });
  }
  const client = await runtimeClient();
  const container = client.container.getById(started.getId());
  const remove = () => container.remove({ force: true, v: true }).catch(() => {});
  try {
    const version = await untilVersion(apiUrl);
    let removing: Promise<void> | undefined;
    return { apiUrl, version, containerId: started.getId(), [Symbol.asyncDispose]: () => (removing ??= remove()) };
  } catch (error) {
    await remove();
    throw error;
  }
}

async function untilVersion(apiUrl: string): Promise<string> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${apiUrl}/version`, { signal: AbortSignal.timeout(1_000) });
      const text = (await response.text()).trim();
      // Toxiproxy 2.x answers {"version": "2.12.0"}; older ones the bare version.
      if (response.ok) return text.startsWith("{") ? (JSON.parse(text) as { version: string }).version : text;
      last = new Error(`GET /version answered ${response.status}`);
    } catch (error) {
      last = error;
    }
    await sleep(50);
  }
  throw new FiredrillError("TIMEOUT", `toxiproxy: no answer from ${apiUrl}/version ${READY_TIMEOUT_MS}ms after its container started (${(last as Error)?.message}); is the port taken, or is the image not Toxiproxy?`);
}
