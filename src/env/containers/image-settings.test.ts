import { describe, expect, it } from "vitest";
import { chooseImage } from "./image-settings.ts";

const store = (...images: string[]) => async (image: string) => images.includes(image);

describe("chooseImage", () => {
  it("takes the variable as given", async () => {
    expect(await chooseImage("redis", store(), { FIREDRILL_REDIS_IMAGE: "mirror.example/redis:7" })).toEqual({ role: "redis", image: "mirror.example/redis:7", source: "variable" });
  });

  it("prefers the public image when it is present", async () => {
    expect((await chooseImage("postgres", store("postgres:16", "firedrill/postgres:local"), {})).image).toBe("postgres:16");
  });

  it("falls back to the local build when the public image is absent", async () => {
    expect(await chooseImage("postgres", store("firedrill/postgres:local"), {})).toEqual({ role: "postgres", image: "firedrill/postgres:local", source: "local" });
  });

  it("names the public image when neither is present (a registry may serve it)", async () => {
    expect((await chooseImage("redis", store(), {})).image).toBe("redis:7");
    expect((await chooseImage("toxiproxy", store(), {})).image).toBe("ghcr.io/shopify/toxiproxy:2.12.0");
  });
});
