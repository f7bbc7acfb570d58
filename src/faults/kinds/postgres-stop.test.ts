import { describe, expect, it } from "vitest";
import { postgresSelectOne } from "../../env/health.ts";
import { injectFault } from "../registry.ts";
import { useEnvironment } from "../testing.ts";

const environment = useEnvironment("f-pg-stop");

describe("postgres.stop", () => {
  it("stops PostgreSQL until reverted, keeping its data; reverting twice is safe", async () => {
    const descriptor = environment();
    const handle = await injectFault("postgres.stop", { descriptor, target: "postgres" });
    expect(handle.details).toEqual({ part: "postgres", stopped: true });
    await expect(postgresSelectOne(descriptor.services.postgres.directUrl, 1_000)).rejects.toThrow();
    await handle.revert();
    await handle.revert();
    expect(await postgresSelectOne(descriptor.services.postgres.directUrl)).toBe("SELECT 1");
  });
});
