import { didYouMean } from "./closest.ts";
import {
  type AnySchema,
  defineSchema,
  describeValue,
  type Infer,
  INVALID,
  type Issue,
  isPlainObject,
  type Presence,
  type Schema,
  toJsonSchema,
} from "./schema.ts";

export interface ArrayOptions {
  readonly minItems?: number;
}

export function array<T>(item: Schema<T, Presence>, options: ArrayOptions = {}): Schema<readonly T[], "required"> {
  return defineSchema<readonly T[]>(
    (value, path, issues) => {
      if (!Array.isArray(value)) {
        issues.push({ path, message: `expected a list, got ${describeValue(value)}` });
        return INVALID;
      }
      if (options.minItems !== undefined && value.length < options.minItems) {
        issues.push({ path, message: `needs at least ${options.minItems} item${options.minItems === 1 ? "" : "s"}, has ${value.length}` });
        return INVALID;
      }
      const out: T[] = [];
      let valid = true;
      value.forEach((element, index) => {
        const checked = item.check(element, [...path, index], issues);
        if (checked === INVALID) valid = false;
        else out.push(checked);
      });
      return valid ? out : INVALID;
    },
    () => ({ type: "array", items: toJsonSchema(item), ...(options.minItems !== undefined && { minItems: options.minItems }) }),
  );
}

/** A mapping with any keys (matching `keyPattern`), every value checked by `value`. */
export function record<T>(value: Schema<T, Presence>, options: { keyPattern?: RegExp; keyHint?: string } = {}): Schema<Readonly<Record<string, T>>, "required"> {
  return defineSchema<Readonly<Record<string, T>>>(
    (input, path, issues) => {
      if (!isPlainObject(input)) {
        issues.push({ path, message: `expected a mapping, got ${describeValue(input)}` });
        return INVALID;
      }
      const out: Record<string, T> = {};
      let valid = true;
      for (const [key, element] of Object.entries(input)) {
        if (options.keyPattern !== undefined && !options.keyPattern.test(key)) {
          issues.push({ path: [...path, key], at: "key", message: `key ${JSON.stringify(key)} is not ${options.keyHint ?? `of the form ${options.keyPattern.source}`}` });
          valid = false;
          continue;
        }
        const checked = value.check(element, [...path, key], issues);
        if (checked === INVALID) valid = false;
        else out[key] = checked;
      }
      return valid ? out : INVALID;
    },
    () => ({
      type: "object",
      additionalProperties: toJsonSchema(value),
      ...(options.keyPattern !== undefined && { propertyNames: { pattern: options.keyPattern.source } }),
    }),
  );
}

export type Shape = { readonly [key: string]: AnySchema };
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends Schema<unknown, "optional"> ? K : never }[keyof S];
type Simplify<T> = { [K in keyof T]: T[K] } & {};
export type InferShape<S extends Shape> = Simplify<
  { readonly [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & { readonly [K in OptionalKeys<S>]?: Infer<S[K]> }
>;

/** A mapping with exactly these fields; unknown fields are problems (with "did you mean …?"). */
export function object<S extends Shape>(shape: S): Schema<InferShape<S>, "required"> {
  const fields = Object.entries(shape).map(([key, schema]) => ({ key, source: schema.sourceKey ?? key, schema }));
  const sources = fields.map((field) => field.source);
  return defineSchema<InferShape<S>>(
    (value, path, issues) => {
      if (!isPlainObject(value)) {
        issues.push({ path, message: `expected a mapping with ${listFields(sources)}, got ${describeValue(value)}` });
        return INVALID;
      }
      let valid = true;
      for (const key of Object.keys(value)) {
        if (sources.includes(key)) continue;
        const fix = didYouMean(key, sources);
        issues.push({ path: [...path, key], at: "key", message: `unknown field ${JSON.stringify(key)}`, allowed: sources, ...(fix !== undefined && { fix }) });
        valid = false;
      }
      const out: Record<string, unknown> = {};
      for (const { key, source, schema } of fields) {
        const element = value[source];
        if (element === undefined || element === null) {
          if (schema.presence === "defaulted") out[key] = schema.defaultValue;
          else if (schema.presence === "required") {
            issues.push({ path, message: `missing required field ${JSON.stringify(source)}`, ...(schema.allowed !== undefined && { allowed: schema.allowed }) });
            valid = false;
          }
          continue;
        }
        const checked = schema.check(element, [...path, source], issues);
        if (checked === INVALID) valid = false;
        else out[key] = checked;
      }
      return valid ? (out as InferShape<S>) : INVALID;
    },
    () => ({
      type: "object",
      properties: Object.fromEntries(fields.map(({ source, schema }) => [source, toJsonSchema(schema)])),
      required: fields.filter(({ schema }) => schema.presence === "required").map(({ source }) => source),
      additionalProperties: false,
    }),
  );
}

/**
 * The first option that accepts the value. When none does, the problems of
 * the option that got furthest (its problems lie deepest) are reported, or
 * one message naming what was expected.
 */
export function union<const O extends readonly AnySchema[]>(options: O, expected: string): Schema<Infer<O[number]>, "required"> {
  return defineSchema<Infer<O[number]>>(
    (value, path, issues) => {
      let deepest: Issue[] | undefined;
      for (const option of options) {
        const found: Issue[] = [];
        const checked = option.check(value, path, found);
        if (checked !== INVALID && found.length === 0) return checked as Infer<O[number]>;
        const depth = Math.min(...found.map((issue) => issue.path.length));
        if (depth > path.length && (deepest === undefined || depth > Math.min(...deepest.map((issue) => issue.path.length)))) deepest = found;
      }
      if (deepest !== undefined) issues.push(...deepest);
      else issues.push({ path, message: `expected ${expected}, got ${describeValue(value)}` });
      return INVALID;
    },
    () => ({ anyOf: options.map(toJsonSchema) }),
  );
}

/**
 * Tagged variants (`kind: ack`, `kind: classify`, …): the tag picks the
 * variant, so problems are about that variant only.
 */
export function discriminated<const V extends { readonly [tag: string]: AnySchema }>(tagKey: string, variants: V): Schema<Infer<V[keyof V]>, "required"> {
  const tags = Object.keys(variants);
  return defineSchema<Infer<V[keyof V]>>(
    (value, path, issues) => {
      if (!isPlainObject(value)) {
        issues.push({ path, message: `expected a mapping with a ${JSON.stringify(tagKey)} field, got ${describeValue(value)}` });
        return INVALID;
      }
      const tag = value[tagKey];
      const variant = typeof tag === "string" && Object.hasOwn(variants, tag) ? variants[tag] : undefined;
      if (variant === undefined) {
        const fix = typeof tag === "string" ? didYouMean(tag, tags) : undefined;
        issues.push({ path: [...path, tagKey], message: `unknown ${tagKey} ${JSON.stringify(tag)}`, allowed: tags, ...(fix !== undefined && { fix }) });
        return INVALID;
      }
      return variant.check(value, path, issues) as Infer<V[keyof V]> | typeof INVALID;
    },
    () => ({ oneOf: tags.map((tag) => toJsonSchema(variants[tag] as AnySchema)) }),
  );
}

function listFields(fields: readonly string[]): string {
  return fields.length <= 6 ? `fields ${fields.join(", ")}` : `${fields.length} fields (${fields.slice(0, 6).join(", ")}, …)`;
}
