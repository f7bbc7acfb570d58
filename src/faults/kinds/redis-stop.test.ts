import { describe, expect, it } from "vitest";
import type { PartName } from "../../env/descriptor.ts";
import { redisPing } from "../../env/health.ts";
import { controlOperator, type Operator } from "../operator.ts";
import { injectFault } from "../registry.ts";
import { useEnvironment } from "../testing.ts";

const environment = useEnvironment("f-redis-stop");

describe("redis.stop", () => {
  it("stops Redis through the supervisor's control API until reverted; reverting twice is safe", async () => {
    const descriptor = environment();
    const handle = await injectFault("redis.stop", { descriptor, target: "redis" });
    expect(handle.details).toEqual({ part: "redis", stopped: true });
    await expect(redisPing(descriptor.services.redis.directUrl, 500)).rejects.toThrow();
    await handle.revert();
    await handle.revert();
    expect(await redisPing(descriptor.services.redis.directUrl)).toBe("PONG");
  });

  it("uses the operator the caller passes, and its revert is safe after a responder started Redis again", async () => {
    const descriptor = environment();
    const calls: string[] = [];
    const control = controlOperator(descriptor);
    const operator: Operator = {
      stopPart: (part: PartName) => (calls.push(`stop ${part}`), control.stopPart(part)),
      startPart: (part: PartName) => (calls.push(`start ${part}`), control.startPart(part)),
      restartPart: (part: PartName, set) => (calls.push(`restart ${part}`), control.restartPart(part, set)),
    };
    const handle = await injectFault("redis.stop", { descriptor, target: "redis", operator });
    await control.startPart("redis"); // the responder's remediation
    await handle.revert();
    expect(calls).toEqual(["stop redis", "start redis"]);
    expect(await redisPing(descriptor.services.redis.directUrl)).toBe("PONG");
  });
});
