import { describe, expect, it } from "vitest";
import { readStatusUpdate } from "./status-update.ts";
import { shippedRunbook } from "./testing.ts";

const template = shippedRunbook().statusUpdate;

describe("readStatusUpdate", () => {
  it("reads every field of a complete update", () => {
    const reading = readStatusUpdate(
      [
        "INCIDENT UPDATE - P2 - Logins failing: Redis down",
        "",
        "**Status:** Identified",
        "Impact: customers cannot log in",
        "Started: 2026-11-27 09:12 UTC",
        "last update: 2026-11-27 09:20 UTC",
        "",
        "Current Actions:",
        "- Restarting Redis",
        "* Watching /health",
        "",
        "Next Update: 09:50 UTC",
      ].join("\n"),
      template,
    );
    expect(reading).toEqual({
      severity: "P2",
      fields: {
        Status: "Identified",
        Impact: "customers cannot log in",
        Started: "2026-11-27 09:12 UTC",
        "Last Update": "2026-11-27 09:20 UTC",
        "Current Actions": ["Restarting Redis", "Watching /health"],
        "Next Update": "09:50 UTC",
      },
      missing: [],
      invalid: [],
    });
  });

  it("counts placeholders left in and empty lists as missing, and names a status that is not a choice", () => {
    const reading = readStatusUpdate("Status: Fixing\nImpact: [Description of customer impact]\nCurrent Actions:\n\nNext Update: soon", template);
    expect(reading.missing).toEqual(["Impact", "Started", "Last Update", "Current Actions"]);
    expect(reading.invalid).toEqual([{ field: "Status", value: "Fixing", allowed: ["Investigating", "Identified", "Monitoring", "Resolved"] }]);
    expect(reading.severity).toBeUndefined();
  });
});
