import { FiredrillError } from "../errors.ts";
import { type AnySchema, formatPath, type Infer, validate } from "../schema/index.ts";

/**
 * Validates one fault's or probe's params against its kind's schema; a bad
 * param throws CONFIG_INVALID naming the kind, the param and the allowed values.
 */
export function parseKindParams<S extends AnySchema>(noun: string, kind: string, schema: S, params: unknown): Infer<S> {
  const result = validate(schema, params ?? {});
  if (result.ok) return result.value as Infer<S>;
  const problems = result.issues.map((issue) => {
    const where = issue.path.length === 0 ? "params" : `params.${formatPath(issue.path)}`;
    const allowed = issue.allowed === undefined ? "" : ` (allowed: ${issue.allowed.join(", ")})`;
    const fix = issue.fix === undefined ? "" : `; ${issue.fix}`;
    return `${where}: ${issue.message}${fix}${allowed}`;
  });
  throw new FiredrillError("CONFIG_INVALID", `${noun} "${kind}": ${problems.join("; ")}`);
}
