import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../clock.ts";
import type { FreebitFixture } from "./fixture.ts";
import { FreebitState } from "./state.ts";

const fixture = JSON.parse(readFileSync(new URL("../../../fixtures/mocks/freebit.json", import.meta.url), "utf8")) as FreebitFixture;

describe("FreebitState", () => {
  it("completes an activation after completionDelayMs, later under a slow-completion condition, never with Infinity", () => {
    const clock = new ManualClock(0);
    const state = new FreebitState(fixture, clock);
    const first = state.activate("8981100000000000005", "data-3gb", "physical");
    clock.advance(fixture.completionDelayMs);
    const activated = state.find({ account: first.account });
    expect([activated?.state, activated?.pending]).toEqual(["active", undefined]);

    const lift = state.completionDelays.add(Number.POSITIVE_INFINITY);
    const second = state.activate("8981100000000000011", "voice-5gb", "physical");
    clock.advance(24 * 60 * 60 * 1000);
    expect(state.find({ iccid: "8981100000000000011" })?.pending?.target).toBe("active");
    lift();
    expect(state.find({ account: second.account })?.state).toBe("active");
  });

  it("allows only sensible state changes, one at a time", () => {
    const state = new FreebitState(fixture, new ManualClock(0));
    const account = state.find({ account: "07012340001" })!;
    expect(() => state.requestState(account, "active")).toThrow("State change from active to active is not allowed");
    state.requestState(account, "cancelled");
    expect(() => state.requestState(account, "suspended")).toThrow("still being processed");
  });

  it("expires auth keys", () => {
    const clock = new ManualClock(0);
    const state = new FreebitState(fixture, clock);
    const key = state.issueAuthKey();
    expect(() => state.checkAuthKey(key)).not.toThrow();
    clock.advance(fixture.authKeyTtlMs);
    expect(() => state.checkAuthKey(key)).toThrow("authKey is invalid or expired");
  });
});
