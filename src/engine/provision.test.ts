import { describe, expect, it } from "vitest";
import { targetVariablesFor } from "./provision.ts";

describe("targetVariablesFor", () => {
  it("starts every drill from the session's variables, the drill's setup on top", () => {
    expect(targetVariablesFor({ AUTH_BLACKLIST_FAIL_CLOSED: "true" }, {}, { SF_EVENTS_REPLAY: "LATEST" }, {})).toEqual({ SF_EVENTS_REPLAY: "LATEST", AUTH_BLACKLIST_FAIL_CLOSED: "true" });
  });

  it("puts back what an earlier drill changed: to its value when the session began, or empty (unset)", () => {
    const current = { SF_EVENTS_ENABLED: "false", CIRCUIT_BREAKER_ENABLED: "true", SF_EVENTS_REPLAY: "ALL" };
    expect(targetVariablesFor({}, current, { SF_EVENTS_REPLAY: "LATEST" }, { SF_EVENTS_ENABLED: "true", SF_EVENTS_REPLAY: "LATEST" })).toEqual({
      SF_EVENTS_ENABLED: "true",
      CIRCUIT_BREAKER_ENABLED: "",
      SF_EVENTS_REPLAY: "LATEST",
    });
  });
});
