import { ApiError, Errors } from "../api-error.ts";
import { goKind, JsonNumber, JsonSyntaxError, type JsonValue, parseGoJson } from "./go-json.ts";

export type FieldKind = "string" | "bool" | "float32" | "int64";

/** A Go struct as far as decoding goes: its name (for messages) and its JSON fields. */
export interface StructShape {
  readonly goName: string;
  readonly fields: Readonly<Record<string, FieldKind>>;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function typeError(value: JsonValue, where: string, type: string): ApiError {
  return Errors.badRequestBody.with(`json: cannot unmarshal ${goKind(value)} into ${where} of type ${type}`);
}

function convert(value: JsonValue, kind: FieldKind, where: string): string | boolean | number {
  const wrong = () => typeError(value, where, kind);
  switch (kind) {
    case "string":
      if (typeof value !== "string") throw wrong();
      return value;
    case "bool":
      if (typeof value !== "boolean") throw wrong();
      return value;
    case "float32":
      if (!(value instanceof JsonNumber)) throw wrong();
      return Math.fround(value.value);
    case "int64": {
      if (!(value instanceof JsonNumber) || !/^-?\d+$/.test(value.raw)) throw wrong();
      const big = BigInt(value.raw);
      if (big < INT64_MIN || big > INT64_MAX) throw wrong();
      return Number(big);
    }
  }
}

/**
 * Decodes a JSON object onto `target` as Go's json.Unmarshal does onto a
 * struct: keys match fields case-insensitively, unknown keys and nulls are
 * ignored, a value of the wrong type is a 400 naming the field.
 */
export function decodeStruct<T extends Record<string, unknown>>(value: JsonValue, shape: StructShape, target: T, path = ""): T {
  if (value === null) return target;
  if (typeof value !== "object" || Array.isArray(value) || value instanceof JsonNumber) {
    throw typeError(value, path === "" ? "Go value" : `Go struct field ${path}`, shape.goName);
  }
  const names = Object.keys(shape.fields);
  for (const [key, item] of Object.entries(value)) {
    const field = names.find((name) => name === key) ?? names.find((name) => name.toLowerCase() === key.toLowerCase());
    if (field === undefined || item === null) continue;
    const where = `Go struct field ${shape.goName.split(".").at(-1)}.${path === "" ? "" : `${path}.`}${field}`;
    (target as Record<string, unknown>)[field] = convert(item, shape.fields[field]!, where);
  }
  return target;
}

/** Reads a request body as Go's Decoder would; syntax errors become `bad request body: …` (400). */
export function readBody(text: string): JsonValue {
  try {
    return parseGoJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw Errors.badRequestBody.with(error.message);
    throw error;
  }
}

/** Picks a sub-object by key, case-insensitively like Go. */
export function field(value: JsonValue, name: string): JsonValue | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value) || value instanceof JsonNumber) return undefined;
  const key = Object.keys(value).find((k) => k === name) ?? Object.keys(value).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : value[key];
}
