import { projectPath } from "../paths.ts";
import type { Runbook } from "../runbook/model.ts";
import { type JsonSchema, toJsonSchema } from "../schema/index.ts";
import { defaultRegistries } from "./default-kinds.ts";
import { drillSchema } from "./drill-schema.ts";
import type { DrillRegistries } from "./kind-registry.ts";

/** Where the JSON Schema for editors lives: next to the drills it describes. */
export function drillJsonSchemaPath(): string {
  return projectPath("drills", "drill.schema.json");
}

/**
 * The JSON Schema of a drill file, from the same definition that validates
 * drills. With the runbook, scenario ids, severities and levels are enums.
 */
export function drillJsonSchema(options: { runbook?: Runbook; registries?: DrillRegistries } = {}): JsonSchema {
  const schema = drillSchema({ registries: options.registries ?? defaultRegistries, ...(options.runbook !== undefined && { runbook: options.runbook }) });
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "firedrill drill",
    description: "One drill: a runbook scenario's failure, injected for real, and the answer key its response is scored against. Generated from src/drills/drill-schema.ts; see drills/README.md.",
    ...toJsonSchema(schema),
  };
}

/** The file's text: stable key order, two-space indent, final newline. */
export function drillJsonSchemaText(options: Parameters<typeof drillJsonSchema>[0] = {}): string {
  return `${JSON.stringify(drillJsonSchema(options), null, 2)}\n`;
}
