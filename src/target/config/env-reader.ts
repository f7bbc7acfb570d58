/**
 * Reads typed settings from environment variables and collects every problem
 * instead of stopping at the first, so one start reports all of them. Each
 * problem names the variable, what is wrong with it and what to set instead.
 */
export class EnvReader {
  readonly problems: string[] = [];
  readonly #env: Readonly<Record<string, string | undefined>>;

  constructor(env: Readonly<Record<string, string | undefined>>) {
    this.#env = env;
  }

  /** The trimmed value, or undefined when unset or blank. */
  raw(name: string): string | undefined {
    const value = this.#env[name]?.trim();
    return value === undefined || value === "" ? undefined : value;
  }

  has(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  problem(name: string, message: string): void {
    this.problems.push(`${name}: ${message}`);
  }

  /** A required string; `example` shows the fix. */
  required(name: string, example: string, why = "is required"): string {
    const value = this.raw(name);
    if (value === undefined) {
      this.problem(name, `${why}; set it, e.g. ${name}=${example}`);
      return "";
    }
    return value;
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  integer(name: string, fallback: number, min: number, max: number = Number.MAX_SAFE_INTEGER): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!/^-?\d+$/.test(value) || parsed < min || parsed > max) {
      this.problem(name, `"${value}" is not an integer from ${min} to ${max}; set ${name} to one, or unset it for the default ${fallback}`);
      return fallback;
    }
    return parsed;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (["true", "1", "yes", "on"].includes(value)) return true;
    if (["false", "0", "no", "off"].includes(value)) return false;
    this.problem(name, `"${this.raw(name)}" is not a boolean; set ${name}=true or ${name}=false (default ${fallback})`);
    return fallback;
  }

  oneOf<const V extends string>(name: string, values: readonly V[], fallback: V): V {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const found = values.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
    if (found === undefined) {
      this.problem(name, `"${value}" is not allowed; use one of ${values.join(", ")} (default ${fallback})`);
      return fallback;
    }
    return found;
  }

  /** A comma-separated list whose items must come from `allowed`. */
  list<const V extends string>(name: string, allowed: readonly V[]): V[] {
    const value = this.raw(name);
    if (value === undefined) return [];
    const items = value.split(",").map((item) => item.trim().toLowerCase()).filter(Boolean);
    const unknown = items.filter((item) => !(allowed as readonly string[]).includes(item));
    if (unknown.length > 0) {
      this.problem(name, `unknown ${unknown.length === 1 ? "entry" : "entries"} ${unknown.map((item) => `"${item}"`).join(", ")}; use a comma-separated list of ${allowed.join(", ")}`);
    }
    return [...new Set(items.filter((item): item is V => (allowed as readonly string[]).includes(item)))];
  }

  /** A required URL with one of `protocols` (e.g. ["http:", "https:"]). */
  url(name: string, protocols: readonly string[], example: string, why?: string): URL | undefined {
    const value = this.required(name, example, why);
    if (value === "") return undefined;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      this.problem(name, `"${redact(value)}" is not a URL; set it like ${name}=${example}`);
      return undefined;
    }
    if (!protocols.includes(url.protocol)) {
      this.problem(name, `"${redact(value)}" must use ${protocols.map((protocol) => protocol.replace(/:$/, "://")).join(" or ")}; set it like ${name}=${example}`);
      return undefined;
    }
    return url;
  }
}

/** Hides a password in a URL before it goes into an error message. */
export function redact(value: string): string {
  return value.replace(/\/\/([^:/@]+):([^@/]*)@/, "//$1:***@");
}
