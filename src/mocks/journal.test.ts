import { describe, expect, it } from "vitest";
import { ManualClock } from "./clock.ts";
import { Journal } from "./journal.ts";

const entry = (atMs: number, action = "GetClients") =>
  ({ system: "whmcs", method: "POST", path: "/includes/api.php", action, status: 200, outcome: "responded", durationMs: 1, atMs, faults: [] }) as const;

describe("Journal", () => {
  it("filters by system, since (epoch ms or ISO), action and afterSeq, and dates entries", () => {
    const journal = new Journal(new ManualClock(0));
    journal.record(entry(1_000));
    journal.record({ ...entry(2_000, "AddOrder") });
    journal.record({ ...entry(3_000), system: "freebit", action: "addAcnt" });
    expect(journal.query({ system: "whmcs" })).toHaveLength(2);
    expect(journal.query({ since: 2_000 }).map((e) => e.action)).toEqual(["AddOrder", "addAcnt"]);
    expect(journal.query({ since: new Date(2_500).toISOString() }).map((e) => e.seq)).toEqual([3]);
    expect(journal.query({ since: "2000" })).toHaveLength(2);
    expect(journal.query({ action: "addorder" })[0]).toMatchObject({ seq: 2, at: "1970-01-01T00:00:02.000Z" });
    expect(journal.query({ afterSeq: 2 })).toHaveLength(1);
    expect(() => journal.query({ since: "last tuesday" })).toThrow(/since "last tuesday" is neither epoch milliseconds nor an ISO 8601 time/);
  });

  it("keeps only the newest `capacity` entries", () => {
    const journal = new Journal(new ManualClock(0), 10);
    for (let index = 0; index < 25; index++) journal.record(entry(index));
    const kept = journal.query();
    expect(kept).toHaveLength(10);
    expect(kept[0]!.seq).toBe(16);
    expect(kept.at(-1)!.seq).toBe(25);
  });
});
