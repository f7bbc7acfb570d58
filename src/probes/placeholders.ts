import { FiredrillError } from "../errors.ts";
import type { EnvironmentDescriptor } from "../env/descriptor.ts";

const PLACEHOLDER = /\{\{\s*([\w.-]+)\s*\}\}/g;

function lookup(name: string, descriptor: EnvironmentDescriptor, extra: Readonly<Record<string, string>>): string {
  if (Object.hasOwn(extra, name)) return extra[name]!;
  const [root, ...rest] = name.split(".");
  const field = rest.join(".");
  if (root === "env" && field !== "" && Object.hasOwn(descriptor.env, field)) return descriptor.env[field]!;
  let value: unknown;
  if (root === "target") {
    if (descriptor.target === undefined) throw new FiredrillError("CONFIG_INVALID", `placeholder {{${name}}}: environment "${descriptor.name}" runs without a target (env up --no-portal)`);
    value = descriptor.target;
  } else if (root === "services") {
    value = descriptor.services;
  } else if (root !== "env") {
    throw new FiredrillError("CONFIG_INVALID", `placeholder {{${name}}}: unknown root "${root}" (allowed: target, services, env${Object.keys(extra).length > 0 ? `, ${Object.keys(extra).join(", ")}` : ""})`);
  }
  for (const key of root === "env" ? [] : rest) value = value !== null && typeof value === "object" && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  if (typeof value === "string" || typeof value === "number") return String(value);
  throw new FiredrillError("CONFIG_INVALID", `placeholder {{${name}}}: the environment descriptor has no such value (e.g. {{target.healthUrl}}, {{services.redis.url}}, {{env.DATABASE_URL}})`);
}

/**
 * Fills `{{target.healthUrl}}`, `{{services.redis.url}}`, `{{env.VAR}}` (and
 * any `extra` names, such as `run.injectedAt`) in every string of `value`,
 * recursing into arrays and objects. An unknown placeholder throws.
 */
export function resolvePlaceholders<T>(value: T, descriptor: EnvironmentDescriptor, extra: Readonly<Record<string, string>> = {}): T {
  if (typeof value === "string") return value.replace(PLACEHOLDER, (_match, name: string) => lookup(name, descriptor, extra)) as T;
  if (Array.isArray(value)) return value.map((item) => resolvePlaceholders(item, descriptor, extra)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolvePlaceholders(item, descriptor, extra)])) as T;
  }
  return value;
}
