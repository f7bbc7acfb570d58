import { readFile, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { shippedRunbook } from "../runbook/testing.ts";
import { drillJsonSchema, drillJsonSchemaPath, drillJsonSchemaText } from "./json-schema.ts";
import { MINIMAL_DRILL } from "./testing.ts";
import { parse } from "yaml";

describe("drills/drill.schema.json", () => {
  it("is what the drill schema generates (regenerate: npx tsx scripts/generate-drill-schema.ts)", async () => {
    const expected = drillJsonSchemaText({ runbook: shippedRunbook() });
    if (process.env.UPDATE_DRILL_SCHEMA === "1") await writeFile(drillJsonSchemaPath(), expected);
    const actual = await readFile(drillJsonSchemaPath(), "utf8").catch(() => "");
    expect(actual, "drills/drill.schema.json is stale: run npx tsx scripts/generate-drill-schema.ts").toBe(expected);
  });

  it("describes the source form: YAML keys, required fields, closed lists", () => {
    const schema = drillJsonSchema({ runbook: shippedRunbook() }) as { properties: Record<string, { properties?: Record<string, unknown> }>; required: string[] };
    const drill = parse(MINIMAL_DRILL) as Record<string, unknown>;
    expect(Object.keys(drill).every((key) => key in schema.properties)).toBe(true);
    expect(schema.required).toEqual(["id", "title", "scenario", "description", "faults", "steadyState", "answers"]);
    const answers = schema.properties.answers?.properties as Record<string, { items?: { properties?: Record<string, unknown> } }>;
    expect(Object.keys(answers.detection?.items?.properties ?? {})).toEqual(["id", "probe", "params", "within"]);
    expect(answers.remediation?.items?.properties).toHaveProperty("runbookStep");
  });
});
