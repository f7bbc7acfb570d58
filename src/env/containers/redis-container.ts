import { redisPing } from "../health.ts";
import type { RedisPart } from "../local/parts.ts";
import { LOOPBACK } from "../ports.ts";
import { type ContainerPart, startContainerPart } from "./container-part.ts";

/** Redis in a container, as the local backend runs it: no persistence, so a restart empties it. */
export async function redisContainer(options: { image: string; labels: Record<string, string> }): Promise<RedisPart & ContainerPart> {
  const part = await startContainerPart({
    name: "redis",
    image: options.image,
    containerPort: 6379,
    // Works with redis:7 (its entrypoint passes redis-server through) and with the local firedrill/redis image.
    command: ["redis-server", "--save", "", "--appendonly", "no", "--protected-mode", "no"],
    labels: options.labels,
    readyLog: /Ready to accept connections/,
    answers: (port) => redisPing(`redis://${LOOPBACK}:${port}`),
  });
  return Object.defineProperties(part, { url: { value: `redis://${LOOPBACK}:${part.port}`, enumerable: true } }) as RedisPart & ContainerPart;
}
