import { didYouMean } from "./closest.ts";
import { formatDurationMs, parseDurationMs } from "./duration.ts";
import { type Checked, defineSchema, describeValue, INVALID, type Issue, type Path, type Schema } from "./schema.ts";

export interface StringOptions {
  readonly minLength?: number;
  readonly pattern?: RegExp;
  /** Says in words what `pattern` wants, for the problem: "kebab-case, e.g. redis-down". */
  readonly patternHint?: string;
  /** Accepts numbers and booleans too, as their text (environment variable values written unquoted). */
  readonly coerce?: boolean;
}

export function string(options: StringOptions = {}): Schema<string, "required"> {
  return defineSchema<string>(
    (value, path, issues) => {
      const text = options.coerce && (typeof value === "number" || typeof value === "boolean") ? String(value) : value;
      if (typeof text !== "string") return fail(issues, path, `expected ${options.coerce ? "a string, number or boolean" : "a string"}, got ${describeValue(value)}`);
      if (options.minLength !== undefined && text.trim().length < options.minLength) {
        return fail(issues, path, options.minLength === 1 ? "must not be empty" : `must be at least ${options.minLength} characters`);
      }
      if (options.pattern !== undefined && !options.pattern.test(text)) {
        return fail(issues, path, `${JSON.stringify(text)} is not ${options.patternHint ?? `of the form ${options.pattern.source}`}`);
      }
      return text;
    },
    () => ({
      ...(options.coerce ? { type: ["string", "number", "boolean"] } : { type: "string" }),
      ...(options.minLength !== undefined && { minLength: options.minLength }),
      ...(options.pattern !== undefined && { pattern: options.pattern.source }),
    }),
  );
}

export interface NumberOptions {
  readonly integer?: boolean;
  readonly min?: number;
  readonly max?: number;
}

export function number(options: NumberOptions = {}): Schema<number, "required"> {
  return defineSchema<number>(
    (value, path, issues) => {
      if (typeof value !== "number" || !Number.isFinite(value)) return fail(issues, path, `expected a number, got ${describeValue(value)}`);
      if (options.integer && !Number.isInteger(value)) return fail(issues, path, `expected a whole number, got ${value}`);
      if (options.min !== undefined && value < options.min) return fail(issues, path, `${value} is below the minimum ${options.min}`);
      if (options.max !== undefined && value > options.max) return fail(issues, path, `${value} is above the maximum ${options.max}`);
      return value;
    },
    () => ({
      type: options.integer ? "integer" : "number",
      ...(options.min !== undefined && { minimum: options.min }),
      ...(options.max !== undefined && { maximum: options.max }),
    }),
  );
}

export function boolean(): Schema<boolean, "required"> {
  return defineSchema<boolean>(
    (value, path, issues) => (typeof value === "boolean" ? value : fail(issues, path, `expected true or false, got ${describeValue(value)}`)),
    () => ({ type: "boolean" }),
  );
}

/** One of a closed list of strings; a near miss gets "did you mean …?". */
export function enumOf<const V extends string>(values: readonly V[], noun = "value"): Schema<V, "required"> {
  return defineSchema<V>(
    (value, path, issues) => {
      if (typeof value === "string" && (values as readonly string[]).includes(value)) return value as V;
      const fix = typeof value === "string" ? didYouMean(value, values) : undefined;
      issues.push({
        path,
        message: typeof value === "string" ? `unknown ${noun} ${JSON.stringify(value)}` : `expected a ${noun}, got ${describeValue(value)}`,
        allowed: values,
        ...(fix !== undefined && { fix }),
      });
      return INVALID;
    },
    () => ({ type: "string", enum: [...values] }),
    { allowed: values },
  );
}

export function literal<const V extends string>(value: V): Schema<V, "required"> {
  return enumOf([value]);
}

export function unknown(): Schema<unknown, "required"> {
  return defineSchema<unknown>((value) => value, () => ({}));
}

const DURATION_FIX = "write a number of milliseconds or a duration such as 500ms, 5s, 2m, 1h, 1m30s";

/** Milliseconds: a number (ms) or a duration string (`5s`, `1m30s`); never negative. */
export function duration(): Schema<number, "required"> {
  return defineSchema<number>(
    (value, path, issues) => {
      if (typeof value === "number" && Number.isFinite(value) && value >= 0) return value;
      const ms = typeof value === "string" ? parseDurationMs(value) : undefined;
      if (ms !== undefined) return ms;
      issues.push({ path, message: `${describeValue(value)} is not a duration`, fix: DURATION_FIX });
      return INVALID;
    },
    () => ({
      oneOf: [
        { type: "string", pattern: "^\\s*(\\d+(\\.\\d+)?\\s*(ms|s|m|h|d|[a-z]+)\\s*)+$", examples: ["500ms", "5s", "2m", "1h", "1m30s"] },
        { type: "number", minimum: 0, description: "milliseconds" },
      ],
    }),
  );
}

export { formatDurationMs };

function fail(issues: Issue[], path: Path, message: string): Checked<never> {
  issues.push({ path, message });
  return INVALID;
}
