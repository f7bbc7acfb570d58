import { INVALID, isPlainObject, type JsonSchema, type Schema, s, toJsonSchema } from "../schema/index.ts";
import type { KindRegistry } from "./kind-registry.ts";

/** Any params; a kind with a params schema narrows them (see withKindParams). */
export const anyParams = s.describe(s.record(s.unknown()), "The kind's parameters; strings may hold {{placeholders}} (see drills/README.md).");

/** The registry's kinds as a closed list: unknown kinds are refused with the allowed ones and a "did you mean". */
export function kindOf(registry: KindRegistry, noun: string): Schema<string, "required"> {
  return s.enumOf(registry.kinds, noun);
}

/**
 * Checks `params` against the schema the registry has for the value's kind
 * (and normalises them), and adds one if/then per such kind to the JSON
 * Schema so editors check params too.
 */
export function withKindParams<T extends { readonly params: Readonly<Record<string, unknown>> }>(
  schema: Schema<T, "required">,
  registry: KindRegistry,
  tagKey: string,
): Schema<T, "required"> {
  const kindOfValue = (value: T) => String((value as Record<string, unknown>)[tagKey]);
  return {
    ...schema,
    check(value, path, issues) {
      const checked = schema.check(value, path, issues);
      if (checked === INVALID) return INVALID;
      const paramsSchema = registry.paramsSchema(kindOfValue(checked));
      if (paramsSchema === undefined) return checked;
      const sourceParams = isPlainObject(value) ? (value.params ?? {}) : {};
      // Checked here (file, line, column), kept as written: placeholders are filled and the kind parses them again at run time.
      return paramsSchema.check(sourceParams, [...path, "params"], issues) === INVALID ? INVALID : checked;
    },
    json(): JsonSchema {
      const conditions = registry.kinds.flatMap((kind) => {
        const paramsSchema = registry.paramsSchema(kind);
        return paramsSchema === undefined ? [] : [{ if: { properties: { [tagKey]: { const: kind } }, required: [tagKey] }, then: { properties: { params: toJsonSchema(paramsSchema) } } }];
      });
      return conditions.length === 0 ? schema.json() : { ...schema.json(), allOf: conditions };
    },
  };
}

/** Fills each item's missing `id` with `base(item)`, numbered from 2 when taken: log-grep, log-grep-2. */
export function withIds<T extends { readonly id?: string }>(schema: Schema<readonly T[], "required">, base: (item: T) => string): Schema<readonly (T & { readonly id: string })[], "required"> {
  return s.transform(schema, (items) => {
    const taken = new Set(items.flatMap((item) => (item.id === undefined ? [] : [item.id])));
    return items.map((item) => {
      if (item.id !== undefined) return item as T & { readonly id: string };
      const stem = base(item);
      let id = stem;
      for (let n = 2; taken.has(id); n++) id = `${stem}-${n}`;
      taken.add(id);
      return { ...item, id };
    });
  });
}

/** A JavaScript regular expression, checked by compiling it. */
export function regex(description: string): Schema<string, "required"> {
  return s.describe(
    s.refine(s.string({ minLength: 1 }), (value, path, issues) => {
      try {
        new RegExp(value);
      } catch (error) {
        issues.push({ path, message: `${JSON.stringify(value)} is not a regular expression: ${(error as Error).message}`, fix: "escape ( ) [ ] . * + ? with a backslash" });
      }
    }),
    description,
  );
}
