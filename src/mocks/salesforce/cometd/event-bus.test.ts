import { describe, expect, it } from "vitest";
import { ManualClock } from "../../clock.ts";
import { EventBus, type PlatformEvent } from "./event-bus.ts";

const CHANNEL = "/event/OrderProvisionRequested__e";

describe("EventBus", () => {
  it("gives events increasing, non-contiguous replay ids and replays from -2, -1 or an id", () => {
    const bus = new EventBus(new ManualClock(0), 1_000);
    const [a, b, c] = [1, 2, 3].map((n) => bus.publish(CHANNEL, "schema", { n }));
    expect(b!.replayId).toBeGreaterThan(a!.replayId);
    expect([b!.replayId - a!.replayId, c!.replayId - b!.replayId].some((step) => step > 1)).toBe(true);
    expect(bus.replayFrom(CHANNEL, -1)).toEqual([]);
    expect(bus.replayFrom(CHANNEL, -2)).toHaveLength(3);
    expect((bus.replayFrom(CHANNEL, a!.replayId) as PlatformEvent[]).map((event) => event.replayId)).toEqual([b!.replayId, c!.replayId]);
    expect(bus.replayFrom(CHANNEL, c!.replayId + 100)).toBe("invalid");
    expect(bus.replayFrom("/event/Other__e", a!.replayId)).toBe("invalid");
  });

  it("rejects ids that aged out of retention, and ids before a horizon", () => {
    const clock = new ManualClock(0);
    const bus = new EventBus(clock, 1_000);
    const old = bus.publish(CHANNEL, "s", {});
    clock.advance(600);
    const recent = bus.publish(CHANNEL, "s", {});
    clock.advance(600);
    expect(bus.replayFrom(CHANNEL, old.replayId)).toBe("invalid");
    expect(bus.replayFrom(CHANNEL, recent.replayId)).toEqual([]);
    const lift = bus.horizons.add(bus.lastReplayId);
    expect(bus.replayFrom(CHANNEL, recent.replayId)).toBe("invalid");
    expect(bus.replayFrom(CHANNEL, -2)).toEqual([]);
    lift();
    expect(bus.replayFrom(CHANNEL, -2)).toHaveLength(1);
  });

  it("tells listeners about new events unless stalled; stalled events stay retained", () => {
    const bus = new EventBus(new ManualClock(0), 1_000);
    const seen: number[] = [];
    bus.onPublish((event) => seen.push(event.replayId));
    const release = bus.stalls.add(true);
    const stalled = bus.publish(CHANNEL, "s", {});
    release();
    const live = bus.publish(CHANNEL, "s", {});
    expect(seen).toEqual([live.replayId]);
    expect(bus.retained(CHANNEL).map((event) => event.replayId)).toEqual([stalled.replayId, live.replayId]);
  });
});
