/**
 * The cookies one CometD client must send back: Salesforce pins a session to
 * its BAYEUX_BROWSER cookie and answers `403::Unknown client` without it.
 * One jar per client, one host: names and values are all that matter.
 */
export class CookieJar {
  readonly #cookies = new Map<string, string>();

  /** Takes the Set-Cookie headers of an answer; `Max-Age=0` or an expiry in the past removes a cookie. */
  store(setCookies: readonly string[]): void {
    for (const header of setCookies) {
      const [pair, ...attributes] = header.split(";");
      const separator = pair?.indexOf("=") ?? -1;
      if (pair === undefined || separator <= 0) continue;
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key, raw] = attribute.split("=").map((part) => part.trim());
        if (key?.toLowerCase() === "max-age") return Number(raw) <= 0;
        if (key?.toLowerCase() === "expires") return Date.parse(raw ?? "") <= Date.now();
        return false;
      });
      if (expired) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  /** The Cookie header value, or undefined when the jar is empty. */
  header(): string | undefined {
    if (this.#cookies.size === 0) return undefined;
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  clear(): void {
    this.#cookies.clear();
  }
}
