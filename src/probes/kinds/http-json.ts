import { s } from "../../schema/index.ts";
import { jsonPathGet } from "../json-path.ts";
import { defineProbe, observing } from "../probe.ts";

const scalar = s.union([s.string(), s.number(), s.boolean()], "a string, number or boolean");

/** Scalars compare as text, so `equals: 200` matches "200" and `equals: ok` matches "ok". */
const same = (actual: unknown, expected: string | number | boolean) => actual !== undefined && actual !== null && typeof actual !== "object" && String(actual) === String(expected);

/** GET a JSON document and test one value in it. Any HTTP status counts: a 503 /health still carries its checks. */
export const httpJson = defineProbe({
  description: "GET url and test the JSON value at path: equals, notEquals, exists",
  params: s.object({
    url: s.string({ minLength: 1 }),
    path: s.withDefault(s.string({ pattern: /^\$(\.[\w-]+)*$/, patternHint: "a JSON path such as $.checks.cache.status" }), "$"),
    equals: s.optional(scalar),
    notEquals: s.optional(scalar),
    exists: s.optional(s.boolean()),
    timeoutMs: s.withDefault(s.number({ integer: true, min: 1, max: 60_000 }), 5_000),
  }),
  check: observing(async ({ params }) => {
    const response = await fetch(params.url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(params.timeoutMs) });
    const text = await response.text();
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      throw new Error(`GET ${params.url} answered ${response.status} with a body that is not JSON: ${JSON.stringify(text.slice(0, 120))}`);
    }
    const value = jsonPathGet(document, params.path);
    const matched =
      (params.equals === undefined || same(value, params.equals)) &&
      (params.notEquals === undefined || !same(value, params.notEquals)) &&
      (params.exists === undefined || (value !== undefined) === params.exists) &&
      (params.equals !== undefined || params.notEquals !== undefined || params.exists !== undefined || value !== undefined);
    return { matched, output: { status: response.status, path: params.path, value: value ?? null } };
  }),
});
