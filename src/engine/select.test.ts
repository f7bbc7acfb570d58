import { describe, expect, it } from "vitest";
import { globToRegExp, matchingDrills, parseShard, shardOf } from "./select.ts";

const drills = ["redis-down", "redis-memory-exhausted", "postgres-down", "whmcs-down", "security-brute-force"].map((id) => ({ id, file: `drills/${id}.yaml` }));

describe("drill selection", () => {
  it("matches ids with *, ? and {a,b}", () => {
    expect(matchingDrills(drills, "redis-*").map((drill) => drill.id)).toEqual(["redis-down", "redis-memory-exhausted"]);
    expect(matchingDrills(drills, "*-down").map((drill) => drill.id)).toEqual(["redis-down", "postgres-down", "whmcs-down"]);
    expect(matchingDrills(drills, "{redis,postgres}-down").map((drill) => drill.id)).toEqual(["redis-down", "postgres-down"]);
    expect(matchingDrills(drills, "{redis-*,whmcs-down}").map((drill) => drill.id)).toEqual(["redis-down", "redis-memory-exhausted", "whmcs-down"]);
    expect(globToRegExp("redis-?own").test("redis-down")).toBe(true);
  });

  it("matches files for a pattern with a slash", () => {
    expect(matchingDrills(drills, "drills/security-*.yaml").map((drill) => drill.id)).toEqual(["security-brute-force"]);
  });

  it("names the drills when nothing matches", () => {
    expect(() => matchingDrills(drills, "kafka-*")).toThrow(/--drills "kafka-\*" matches no drill; the drills are: redis-down, /);
  });

  it("splits drills into shards that cover each drill once, whatever the input order", () => {
    const shards = [1, 2, 3].map((index) => shardOf([...drills].reverse(), { index, total: 3 }).map((drill) => drill.id));
    expect(shards.flat().sort()).toEqual(drills.map((drill) => drill.id).sort());
    expect(shards[0]).toEqual(shardOf(drills, { index: 1, total: 3 }).map((drill) => drill.id));
  });

  it("rejects a bad --shard with the fix", () => {
    expect(parseShard("2/3")).toEqual({ index: 2, total: 3 });
    for (const bad of ["0/3", "4/3", "1", "a/b", "1/0"]) expect(() => parseShard(bad)).toThrow(/write i\/n with 1 <= i <= n/);
  });
});
