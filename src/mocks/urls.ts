import { FiredrillError } from "../errors.ts";
import type { SystemName } from "./system.ts";

/**
 * Each system's direct URL (its own port) and public URL (what clients use,
 * usually a fault proxy in front of it). Salesforce hands its public URL out
 * as instance_url and expects it as the JWT audience; WHMCS uses it in SSO
 * links. URLs are bases without a trailing slash.
 */
export class MockUrls {
  readonly #direct = new Map<SystemName, string>();
  readonly #public = new Map<SystemName, string>();

  setDirect(system: SystemName, url: string): void {
    this.#direct.set(system, url);
  }

  direct(system: SystemName): string {
    const url = this.#direct.get(system);
    if (url === undefined) throw new FiredrillError("STATE_INVALID", `mocks: the ${system} mock has not started; call startMocks() first`);
    return url;
  }

  public(system: SystemName): string {
    return this.#public.get(system) ?? this.direct(system);
  }

  /** Accepts a base URL (`http://127.0.0.1:8001`); for WHMCS also the api.php URL. */
  setPublic(system: SystemName, url: string): void {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new FiredrillError("CONFIG_INVALID", `mocks: public URL "${url}" for ${system} is not a URL; use e.g. http://127.0.0.1:8001`);
    }
    if ((parsed.protocol !== "http:" && parsed.protocol !== "https:") || parsed.search !== "" || parsed.hash !== "") {
      throw new FiredrillError("CONFIG_INVALID", `mocks: public URL "${url}" for ${system} must be an http(s) base URL without query or fragment, e.g. http://127.0.0.1:8001`);
    }
    const base = `${parsed.origin}${parsed.pathname}`.replace(/\/includes\/api\.php$/, "").replace(/\/+$/, "");
    this.#public.set(system, base);
  }
}
