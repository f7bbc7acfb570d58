import { FiredrillError } from "../errors.ts";

/** JSONPath-lite: `$`, `$.checks.cache.status`, `$.items.0.id`. Returns undefined where the path leads nowhere. */
export function jsonPathGet(document: unknown, path: string): unknown {
  if (!/^\$(\.[\w-]+)*$/.test(path)) {
    throw new FiredrillError("CONFIG_INVALID", `JSON path "${path}" is not of the form $.a.b (dot-separated keys or array indexes, e.g. $.checks.cache.status)`);
  }
  let value = document;
  for (const key of path.split(".").slice(1)) {
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}
