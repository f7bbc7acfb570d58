import { array, discriminated, object, record, union } from "./collections.ts";
import { boolean, duration, enumOf, literal, number, string, unknown } from "./primitives.ts";
import { describe, from, optional, refine, transform, withDefault } from "./schema.ts";

/** The schema builders: `s.object({ id: s.string() })`. */
export const s = {
  string,
  number,
  boolean,
  enumOf,
  literal,
  unknown,
  duration,
  array,
  record,
  object,
  union,
  discriminated,
  optional,
  withDefault,
  from,
  describe,
  refine,
  transform,
} as const;

export { didYouMean } from "./closest.ts";
export type { InferShape, Shape } from "./collections.ts";
export { formatDurationMs, parseDurationMs } from "./duration.ts";
export {
  type AnySchema,
  type Checked,
  describeValue,
  formatPath,
  type Infer,
  INVALID,
  type Issue,
  isPlainObject,
  type JsonSchema,
  type Path,
  type PathSegment,
  type Presence,
  type Schema,
  toJsonSchema,
  validate,
  type Validation,
} from "./schema.ts";
