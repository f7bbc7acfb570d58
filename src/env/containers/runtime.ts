import { FiredrillError } from "../../errors.ts";

type Testcontainers = typeof import("testcontainers");
type RuntimeClient = Awaited<ReturnType<Testcontainers["getContainerRuntimeClient"]>>;

let loading: Promise<Testcontainers> | undefined;

/**
 * testcontainers, loaded on first use (it costs ~0.3 s to import) with its
 * reaper off: Ryuk's image comes from a registry this machine may not reach,
 * and firedrill reaps its containers itself, by label (see reap.ts).
 */
export function testcontainers(): Promise<Testcontainers> {
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= "true";
  // A local engine is reached on localhost; without this, testcontainers runs an alpine container (pulled from a registry) to find the gateway.
  if (!process.env.DOCKER_HOST) process.env.TESTCONTAINERS_HOST_OVERRIDE ??= "localhost";
  loading ??= import("testcontainers");
  return loading;
}

/** The Docker engine's client, or MISSING_DEPENDENCY saying how to get an engine. */
export async function runtimeClient(): Promise<RuntimeClient> {
  const { getContainerRuntimeClient } = await testcontainers();
  try {
    return await getContainerRuntimeClient();
  } catch (error) {
    throw new FiredrillError(
      "MISSING_DEPENDENCY",
      `containers backend: no Docker engine is reachable (${(error as Error).message.split("\n")[0]}); start one (apt-get install docker.io && dockerd &), set DOCKER_HOST, or use --backend local`,
      { cause: error },
    );
  }
}

/** Is `image` in the engine's store (no pull)? */
export async function imagePresent(image: string): Promise<boolean> {
  const client = await runtimeClient();
  const { ImageName } = await testcontainers();
  return client.image.exists(ImageName.fromString(image));
}
