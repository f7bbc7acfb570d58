import { ApiError, Errors } from "../api-error.ts";
import { goKind, JsonNumber, JsonObject, JsonSyntaxError, type JsonValue, parseGoJson } from "./go-json.ts";

/** A Go field type as far as decoding goes: a scalar, or a nested struct. */
export type FieldKind = "string" | "bool" | "float32" | "int" | "int64" | StructShape;

/** A Go struct as far as decoding goes: its type as Go prints it (for messages) and its JSON fields. */
export interface StructShape {
  /** reflect's Type.String(): `toxiproxy.Proxy`, or `struct { … }` for an anonymous struct. */
  readonly goName: string;
  readonly fields: Readonly<Record<string, FieldKind>>;
}

/** Where a value sits, as Go's decoder reports it: the innermost struct's name and the path of JSON field names. */
interface ErrorContext {
  readonly struct: string;
  readonly path: readonly string[];
}

const TOP: ErrorContext = { struct: "", path: [] };
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const FLOAT32_DIGITS = 9;

/** reflect's Type.Name(): `Proxy` for `toxiproxy.Proxy`, empty for an anonymous struct. */
function structName(shape: StructShape): string {
  return shape.goName.startsWith("struct {") ? "" : shape.goName.slice(shape.goName.lastIndexOf(".") + 1);
}

function typeName(kind: FieldKind): string {
  return typeof kind === "string" ? kind : kind.goName;
}

/** Go's UnmarshalTypeError: `json: cannot unmarshal string into Go struct field Proxy.enabled of type bool`. */
export function typeError(value: JsonValue, kind: FieldKind, at: ErrorContext = TOP): ApiError {
  const intoNumber = kind === "float32" || kind === "int" || kind === "int64";
  const where = at.path.length === 0 ? "Go value" : `Go struct field ${at.struct}.${at.path.join(".")}`;
  return Errors.badRequestBody.with(`json: cannot unmarshal ${goKind(value, intoNumber)} into ${where} of type ${typeName(kind)}`);
}

/** The shortest decimal that reads back as the same float32, which is what Go prints for a float32. */
function float32(value: number): number {
  const single = Math.fround(value);
  for (let digits = 1; digits <= FLOAT32_DIGITS; digits += 1) {
    const shortest = Number(single.toPrecision(digits));
    if (Math.fround(shortest) === single) return shortest;
  }
  return single;
}

function convert(value: JsonValue, kind: Exclude<FieldKind, StructShape>, at: ErrorContext): string | boolean | number {
  const wrong = () => typeError(value, kind, at);
  switch (kind) {
    case "string":
      if (typeof value !== "string") throw wrong();
      return value;
    case "bool":
      if (typeof value !== "boolean") throw wrong();
      return value;
    case "float32": {
      // strconv.ParseFloat(s, 32) refuses what overflows a float32.
      if (!(value instanceof JsonNumber) || !Number.isFinite(Math.fround(value.value))) throw wrong();
      return float32(value.value);
    }
    case "int":
    case "int64": {
      // More than 20 characters cannot be an int64; checked first so a huge literal costs nothing.
      if (!(value instanceof JsonNumber) || value.raw.length > 20 || !/^-?\d+$/.test(value.raw)) throw wrong();
      const big = BigInt(value.raw);
      if (big < INT64_MIN || big > INT64_MAX) throw wrong();
      return Number(big);
    }
  }
}

/**
 * Decodes a JSON object onto `target` as Go's json.Unmarshal does onto a
 * struct: keys match fields exactly or else case-insensitively, in document
 * order (a later duplicate wins), unknown keys and nulls are ignored, nested
 * structs decode into the matching sub-object of `target`, and the first
 * value of a wrong type (in document order) is a 400 worded as Go words it.
 */
export function decodeStruct<T extends Record<string, unknown>>(value: JsonValue, shape: StructShape, target: T, at: ErrorContext = TOP): T {
  if (value === null) return target;
  if (!(value instanceof JsonObject)) throw typeError(value, shape, at);
  const names = Object.keys(shape.fields);
  const inner = structName(shape);
  for (const [key, item] of value.entries) {
    const field = names.find((name) => name === key) ?? names.find((name) => name.toLowerCase() === key.toLowerCase());
    if (field === undefined || item === null) continue;
    const kind = shape.fields[field]!;
    const here: ErrorContext = { struct: inner, path: [...at.path, field] };
    const slot = target as Record<string, unknown>;
    if (typeof kind === "string") slot[field] = convert(item, kind, here);
    else decodeStruct(item, kind, (slot[field] ??= {}) as Record<string, unknown>, here);
  }
  return target;
}

/** Reads a request body as Go's Decoder would; syntax errors become `bad request body: …` (400). */
export function readBody(body: string | Uint8Array): JsonValue {
  try {
    return parseGoJson(body);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw Errors.badRequestBody.with(error.message);
    throw error;
  }
}
