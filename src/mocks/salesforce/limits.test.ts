import { describe, expect, it } from "vitest";
import { ManualClock } from "../clock.ts";
import { ApiLimits } from "./limits.ts";

describe("ApiLimits", () => {
  it("refuses calls past the allowance until 24 h after counting began", () => {
    const clock = new ManualClock(0);
    const limits = new ApiLimits(2, clock);
    expect([limits.consume(), limits.consume(), limits.consume()]).toEqual([true, true, false]);
    expect(limits.header()).toBe("api-usage=2/2");
    clock.advance(24 * 60 * 60 * 1000);
    expect(limits.consume()).toBe(true);
    expect(limits.header()).toBe("api-usage=1/2");
  });

  it("is exhausted while a fault says so, whatever the count", () => {
    const limits = new ApiLimits(100, new ManualClock(0));
    const lift = limits.exhaustions.add(true);
    expect([limits.consume(), limits.header()]).toEqual([false, "api-usage=100/100"]);
    lift();
    expect(limits.consume()).toBe(true);
  });
});
