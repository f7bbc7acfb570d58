import { describe, expect, expectTypeOf, it } from "vitest";
import { formatPath, type Infer, s, toJsonSchema, validate } from "./index.ts";

const fault = s.object({
  kind: s.enumOf(["redis.stop", "redis.maxmemory", "proxy.down"], "fault kind"),
  params: s.withDefault(s.record(s.unknown()), {}),
  atMs: s.from("at", s.withDefault(s.duration(), 0)),
  note: s.optional(s.string({ minLength: 1 })),
});
const drill = s.object({
  id: s.string({ pattern: /^[a-z0-9]+(-[a-z0-9]+)*$/, patternHint: "kebab-case, e.g. redis-down" }),
  faults: s.array(fault, { minItems: 1 }),
  component: s.union([s.string(), s.array(s.string(), { minItems: 1 })], "a component or a list of them"),
});

describe("schema", () => {
  it("infers the output type: renamed, defaulted and optional fields", () => {
    type Fault = Infer<typeof fault>;
    expectTypeOf<Fault>().toEqualTypeOf<{
      readonly kind: "redis.stop" | "redis.maxmemory" | "proxy.down";
      readonly params: Readonly<Record<string, unknown>>;
      readonly atMs: number;
      readonly note?: string;
    }>();
  });

  it("normalises a valid value", () => {
    const result = validate(drill, { id: "redis-down", faults: [{ kind: "redis.stop", at: "1m30s" }], component: "redis" });
    expect(result).toEqual({ ok: true, value: { id: "redis-down", faults: [{ kind: "redis.stop", params: {}, atMs: 90_000 }], component: "redis" } });
  });

  it("reports every problem with its source path, the allowed values and a fix", () => {
    const result = validate(drill, { id: "Redis Down", faults: [{ kind: "redis.stp", at: "soon", extra: 1 }], component: [1] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const byPath = Object.fromEntries(result.issues.map((issue) => [formatPath(issue.path), issue]));
    expect(byPath.id?.message).toBe('"Redis Down" is not kebab-case, e.g. redis-down');
    expect(byPath["faults[0].kind"]).toMatchObject({ message: 'unknown fault kind "redis.stp"', allowed: ["redis.stop", "redis.maxmemory", "proxy.down"], fix: 'did you mean "redis.stop"?' });
    expect(byPath["faults[0].at"]?.fix).toMatch(/5s/);
    expect(byPath["faults[0].extra"]).toMatchObject({ at: "key", message: 'unknown field "extra"', allowed: ["kind", "params", "at", "note"] });
    expect(byPath["component[0]"]?.message).toBe("expected a string, got the number 1");
  });

  it("names a missing required field on its parent, with the allowed values", () => {
    const result = validate(drill, { id: "x", faults: [{}], component: "redis" });
    expect(result.ok ? [] : result.issues).toEqual([
      { path: ["faults", 0], message: 'missing required field "kind"', allowed: ["redis.stop", "redis.maxmemory", "proxy.down"] },
    ]);
  });

  it("treats null as absent", () => {
    expect(validate(fault, { kind: "proxy.down", params: null, note: null })).toEqual({ ok: true, value: { kind: "proxy.down", params: {}, atMs: 0 } });
  });

  it("picks a discriminated variant by its tag", () => {
    const event = s.discriminated("kind", {
      ack: s.object({ kind: s.literal("ack"), by: s.string() }),
      hint: s.object({ kind: s.literal("hint"), index: s.number({ integer: true, min: 0 }) }),
    });
    expectTypeOf<Infer<typeof event>>().toEqualTypeOf<{ readonly kind: "ack"; readonly by: string } | { readonly kind: "hint"; readonly index: number }>();
    expect(validate(event, { kind: "hint", index: 2 }).ok).toBe(true);
    const wrong = validate(event, { kind: "hnt", index: 2 });
    expect(wrong.ok ? undefined : wrong.issues[0]).toMatchObject({ path: ["kind"], allowed: ["ack", "hint"], fix: 'did you mean "hint"?' });
    const bad = validate(event, { kind: "hint", index: -1 });
    expect(bad.ok ? undefined : bad.issues[0]).toMatchObject({ path: ["index"], message: "-1 is below the minimum 0" });
  });

  it("runs refinements only on otherwise valid values", () => {
    const severity = s.refine(s.object({ accepted: s.array(s.string()), best: s.string() }), (value, path, issues) => {
      if (!value.accepted.includes(value.best)) issues.push({ path: [...path, "best"], message: "must be one of accepted", allowed: value.accepted });
    });
    expect(validate(severity, { accepted: ["P2"], best: "P3" })).toEqual({ ok: false, issues: [{ path: ["best"], message: "must be one of accepted", allowed: ["P2"] }] });
    expect(validate(severity, { accepted: "P2", best: "P3" }).ok).toBe(false);
  });

  it("writes the JSON Schema of the source form", () => {
    expect(toJsonSchema(s.describe(fault, "One fault."))).toEqual({
      description: "One fault.",
      type: "object",
      properties: {
        kind: { type: "string", enum: ["redis.stop", "redis.maxmemory", "proxy.down"] },
        params: { type: "object", additionalProperties: {}, default: {} },
        at: { ...toJsonSchema(s.duration()), default: 0 },
        note: { type: "string", minLength: 1 },
      },
      required: ["kind"],
      additionalProperties: false,
    });
  });
});

describe("did you mean", () => {
  it("suggests the one close value, and nothing when several are as close", async () => {
    const { didYouMean } = await import("./closest.ts");
    expect(didYouMean("redis.stp", ["redis.stop", "redis.pause", "proxy.down"])).toBe('did you mean "redis.stop"?');
    expect(didYouMean("L5", ["L1", "L2", "L3", "L4"])).toBeUndefined();
    expect(didYouMean("completely-else", ["redis.stop"])).toBeUndefined();
  });
});
