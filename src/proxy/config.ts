import { readFile } from "node:fs/promises";
import { FiredrillError } from "../errors.ts";
import { ApiError } from "./api-error.ts";
import { readBody } from "./api/decode.ts";
import type { JsonValue } from "./api/go-json.ts";
import type { ProxyCollection } from "./proxy-collection.ts";

export interface ProxyConfig {
  readonly file: string;
  /** Creates the proxies (the /populate semantics); on failure removes what it created and throws. */
  apply(proxies: ProxyCollection): Promise<void>;
}

/**
 * Reads a toxiproxy-server `-config` file. Unlike toxiproxy-server, which logs
 * a bad file and starts anyway, firedrill refuses to start: a drill whose
 * proxies silently did not come up would test nothing.
 */
export async function loadProxyConfig(file: string): Promise<ProxyConfig> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new FiredrillError("CONFIG_INVALID", `proxy config ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? error}); give the path of a JSON file.`);
  }
  let body: JsonValue;
  try {
    body = readBody(text);
  } catch (error) {
    throw new FiredrillError("CONFIG_INVALID", `proxy config ${file}: ${(error as Error).message}; it must be a JSON array of {"name", "listen", "upstream", "enabled"}.`);
  }
  return {
    file,
    apply: async (proxies) => {
      try {
        await proxies.populate(body);
      } catch (error) {
        proxies.clear();
        if (!(error instanceof ApiError)) throw error;
        throw new FiredrillError("CONFIG_INVALID", `proxy config ${file}: ${error.message}; fix that entry and start again.`);
      }
    },
  };
}
