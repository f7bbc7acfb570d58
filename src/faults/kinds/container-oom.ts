import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { limitMemory, oomKilled } from "../../env/containers/container-faults.ts";
import type { EnvironmentDescriptor } from "../../env/descriptor.ts";
import { withRedis } from "../../probes/redis-client.ts";
import { s } from "../../schema/index.ts";
import { defineFault, faultHandle } from "../fault.ts";
import { controlOperator } from "../operator.ts";
import { type ContainerTarget, containerOf } from "./container-target.ts";
import { sizeBytes } from "./redis-maxmemory.ts";

const FILL_CHUNK_BYTES = 64 * 1024;
const OOM_WAIT_MS = 15_000;

/** Grows the server past the limit: Redis with 64 KiB values, PostgreSQL with one backend building a large string. */
async function outgrow(descriptor: EnvironmentDescriptor, part: ContainerTarget, limitBytes: number): Promise<void> {
  const bytes = 4 * limitBytes;
  if (part === "redis") {
    const value = "x".repeat(FILL_CHUNK_BYTES);
    await withRedis(descriptor.services.redis.directUrl, 5_000, async (redis) => {
      for (let written = 0; written < bytes; written += 64 * FILL_CHUNK_BYTES) {
        const pipeline = redis.pipeline();
        for (let i = 0; i < 64; i++) pipeline.set(`firedrill:oom:${written}:${i}`, value);
        await pipeline.exec();
      }
    }).catch(() => {});
    return;
  }
  const client = new pg.Client({ connectionString: descriptor.services.postgres.directUrl, application_name: "firedrill-oom", connectionTimeoutMillis: 5_000 });
  client.on("error", () => {});
  await client
    .connect()
    .then(() => client.query("SELECT length(repeat('x', $1::int))", [Math.min(bytes, 1024 ** 3 - 1)]))
    .catch(() => {})
    .finally(() => client.end().catch(() => {}));
}

/**
 * The server runs out of memory: its container limited (no swap) and, with
 * `fill`, grown past the limit until the kernel's OOM killer ends it. The
 * revert lifts the limit and starts it again through the operator.
 */
export const containerOom = defineFault({
  description: "limit the target container's memory and outgrow it, so the kernel's OOM killer ends the server; the revert lifts the limit and starts it again",
  params: s.object({
    limit: s.withDefault(s.string({ coerce: true, pattern: /^\d+(b|kb|mb|gb)?$/i, patternHint: "a size in bytes or with a unit, at least 6mb, e.g. 32mb" }), "32mb"),
    fill: s.withDefault(s.describe(s.boolean(), "grow the server past the limit (false: only set the limit)"), true),
  }),
  async inject({ descriptor, params, target, operator = controlOperator(descriptor) }) {
    const { target: part, containerId } = containerOf("container.oom", descriptor, target);
    const limitBytes = sizeBytes(params.limit);
    const limited = await limitMemory(containerId, limitBytes);
    const revert = async () => {
      await limited.revert();
      await operator.startPart(part);
    };
    let killed = false;
    if (params.fill) {
      try {
        await outgrow(descriptor, part, limitBytes);
        // PostgreSQL's postmaster survives a killed backend (and restarts the others): no OOM mark on the container then.
        for (const deadline = Date.now() + OOM_WAIT_MS; !(killed = await oomKilled(containerId)) && part === "redis" && Date.now() < deadline; ) await sleep(100);
      } catch (error) {
        await revert();
        throw error;
      }
    }
    return faultHandle({ part, containerId, limitBytes, oomKilled: killed }, revert);
  },
});
