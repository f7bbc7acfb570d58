/**
 * Whether an action's actual params include the expected ones. Expected
 * values holding {{placeholders}} match anything (they are filled at run
 * time); scalars compare as text (YAML's true is the journal's "true").
 */
export function paramsMatch(expected: unknown, actual: unknown): boolean {
  if (typeof expected === "string" && expected.includes("{{")) return true;
  if (typeof expected === "object" && expected !== null && !Array.isArray(expected)) {
    if (typeof actual !== "object" || actual === null) return false;
    return Object.entries(expected).every(([key, value]) => paramsMatch(value, (actual as Record<string, unknown>)[key]));
  }
  if (Array.isArray(expected)) return Array.isArray(actual) && expected.length === actual.length && expected.every((value, index) => paramsMatch(value, actual[index]));
  return String(expected) === String(actual);
}
