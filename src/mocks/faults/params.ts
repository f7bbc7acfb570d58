import { FiredrillError } from "../../errors.ts";

/** One parameter of a fault kind: its default, how it reads, how it is described. */
export interface ParamSpec<T> {
  readonly default: T;
  /** "integer 0..600000", "one of 429, 500, 503": shown in errors and by the control API. */
  readonly describe: string;
  /** Returns the value, or undefined when `input` is not acceptable. */
  read(input: unknown): T | undefined;
}

export type ParamSpecs = Record<string, ParamSpec<unknown>>;
export type ParamsOf<S extends ParamSpecs> = { -readonly [K in keyof S]: S[K] extends ParamSpec<infer T> ? T : never };

const asNumber = (input: unknown): number | undefined => {
  const value = typeof input === "string" && input.trim() !== "" ? Number(input) : input;
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
};

export const param = {
  integer(defaultValue: number, min: number, max: number): ParamSpec<number> {
    return {
      default: defaultValue,
      describe: `integer ${min}..${max}`,
      read: (input) => {
        const value = asNumber(input);
        return value !== undefined && Number.isInteger(value) && value >= min && value <= max ? value : undefined;
      },
    };
  },
  number(defaultValue: number, min: number, max: number): ParamSpec<number> {
    return {
      default: defaultValue,
      describe: `number ${min}..${max}`,
      read: (input) => {
        const value = asNumber(input);
        return value !== undefined && value >= min && value <= max ? value : undefined;
      },
    };
  },
  oneOf<const V extends readonly (string | number)[]>(values: V, defaultValue: V[number]): ParamSpec<V[number]> {
    return {
      default: defaultValue,
      describe: `one of ${values.join(", ")}`,
      read: (input) => values.find((value) => value === input || (typeof value === "number" && value === asNumber(input))),
    };
  },
  boolean(defaultValue: boolean): ParamSpec<boolean> {
    return {
      default: defaultValue,
      describe: "true or false",
      read: (input) => (input === true || input === "true" ? true : input === false || input === "false" ? false : undefined),
    };
  },
  string(defaultValue: string, describe = "string"): ParamSpec<string> {
    return { default: defaultValue, describe, read: (input) => (typeof input === "string" && input.length <= 1_000 ? input : undefined) };
  },
};

/** Validates `input` against `specs`, filling defaults; names the fault, the parameter and what it accepts. */
export function parseParams<S extends ParamSpecs>(kind: string, specs: S, input: unknown = {}): ParamsOf<S> {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw new FiredrillError("CONFIG_INVALID", `fault "${kind}": params must be an object, got ${JSON.stringify(input)}`);
  }
  const names = Object.keys(specs);
  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(specs, key)) {
      const allowed = names.length > 0 ? names.join(", ") : "none";
      throw new FiredrillError("CONFIG_INVALID", `fault "${kind}": unknown param "${key}"; allowed params: ${allowed}`);
    }
  }
  const params: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const raw = (input as Record<string, unknown>)[name];
    if (raw === undefined) {
      params[name] = spec.default;
      continue;
    }
    const value = spec.read(raw);
    if (value === undefined) {
      throw new FiredrillError("CONFIG_INVALID", `fault "${kind}": param "${name}" must be ${spec.describe}; got ${JSON.stringify(raw)}`);
    }
    params[name] = value;
  }
  return params as ParamsOf<S>;
}
