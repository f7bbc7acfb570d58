/**
 * The core of firedrill's schema: one definition gives a TypeScript type
 * (`Infer<typeof schema>`), a validator that reports every problem with its
 * path, the allowed values and a fix, and a JSON Schema for editors.
 */
export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** One problem found in a value. Paths use the keys as written in the source (YAML, JSON). */
export interface Issue {
  readonly path: Path;
  readonly message: string;
  /** The values that would have been accepted, when there is a closed list. */
  readonly allowed?: readonly string[];
  /** What to do about it: "did you mean "redis.stop"?", "write e.g. 5s". */
  readonly fix?: string;
  /** "key": the key at `path` is the problem (an unknown field); "value" (the default): its value is. */
  readonly at?: "key" | "value";
}

export const INVALID: unique symbol = Symbol("invalid");
export type Checked<T> = T | typeof INVALID;

export type JsonSchema = { [keyword: string]: unknown };

/** How an object field treats a missing value: required, optional (absent in the output), or defaulted. */
export type Presence = "required" | "optional" | "defaulted";

export interface Schema<T, P extends Presence = Presence> {
  readonly presence: P;
  /** The key this field has in the source, when it differs from the output's (`within` → `withinMs`). */
  readonly sourceKey?: string;
  readonly description?: string;
  readonly defaultValue?: T;
  /** The closed list of accepted values (enums), named in "missing field" problems. */
  readonly allowed?: readonly string[];
  /** Validates and normalises `value`; pushes every problem found and returns INVALID when there was one. */
  check(value: unknown, path: Path, issues: Issue[]): Checked<T>;
  /** The JSON Schema of the input accepted, without description and default (see toJsonSchema). */
  json(): JsonSchema;
  /** Phantom: carries T for Infer. Never set. */
  readonly _output?: T;
}

export type AnySchema = Schema<unknown, Presence>;
export type Infer<S> = S extends Schema<infer T, Presence> ? T : never;

export function defineSchema<T>(check: Schema<T>["check"], json: () => JsonSchema, extra: { allowed?: readonly string[] } = {}): Schema<T, "required"> {
  return { presence: "required", check, json, ...extra };
}

/** A field that may be absent (or null): absent in the output too. */
export function optional<T>(schema: Schema<T, Presence>): Schema<T, "optional"> {
  return { ...schema, presence: "optional" };
}

/** A field that may be absent (or null) in the source and is `value` in the output. */
export function withDefault<T>(schema: Schema<T, Presence>, value: T): Schema<T, "defaulted"> {
  return { ...schema, presence: "defaulted", defaultValue: value };
}

/** The output field is read from the source key `key` (YAML says `within: 5s`, the model `withinMs: 5000`). */
export function from<T, P extends Presence>(key: string, schema: Schema<T, P>): Schema<T, P> {
  return { ...schema, sourceKey: key };
}

export function describe<T, P extends Presence>(schema: Schema<T, P>, description: string): Schema<T, P> {
  return { ...schema, description };
}

/**
 * Adds a check that runs when the value is otherwise valid (cross-field rules);
 * `json` may extend the JSON Schema (conditional subschemas).
 */
export function refine<T, P extends Presence>(
  schema: Schema<T, P>,
  rule: (value: T, path: Path, issues: Issue[]) => void,
  json?: (base: JsonSchema) => JsonSchema,
): Schema<T, P> {
  return {
    ...schema,
    check(value, path, issues) {
      const checked = schema.check(value, path, issues);
      if (checked === INVALID) return INVALID;
      const before = issues.length;
      rule(checked, path, issues);
      return issues.length === before ? checked : INVALID;
    },
    json: json === undefined ? schema.json : () => json(schema.json()),
  };
}

/** Changes the output after validation (the JSON Schema stays that of the input). */
export function transform<T, U>(schema: Schema<T, "required">, change: (value: T) => U): Schema<U, "required"> {
  return defineSchema<U>(
    (value, path, issues) => {
      const checked = schema.check(value, path, issues);
      return checked === INVALID ? INVALID : change(checked);
    },
    schema.json,
    schema.allowed === undefined ? {} : { allowed: schema.allowed },
  );
}

/** The JSON Schema of a schema with its description and default. */
export function toJsonSchema(schema: AnySchema): JsonSchema {
  return {
    ...(schema.description !== undefined && { description: schema.description }),
    ...schema.json(),
    ...(schema.presence === "defaulted" && schema.defaultValue !== undefined && { default: schema.defaultValue }),
  };
}

export type Validation<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly Issue[] };

export function validate<T>(schema: Schema<T, Presence>, value: unknown): Validation<T> {
  const issues: Issue[] = [];
  const checked = schema.check(value, [], issues);
  if (checked === INVALID || issues.length > 0) return { ok: false, issues };
  return { ok: true, value: checked };
}

/** `faults[0].params.status` */
export function formatPath(path: Path): string {
  let text = "";
  for (const segment of path) text += typeof segment === "number" ? `[${segment}]` : text === "" ? segment : `.${segment}`;
  return text === "" ? "(top level)" : text;
}

/** How a value reads in a message: `the number 5`, `a list`, `the string "x"`. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  return `${typeof value === "number" ? "the number" : typeof value === "boolean" ? "the boolean" : typeof value} ${String(value)}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
