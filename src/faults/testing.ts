import { afterAll, beforeAll } from "vitest";
import type { EnvironmentDescriptor } from "../env/descriptor.ts";
import { localBackend } from "../env/local/backend.ts";
import { type Supervised, supervise } from "../env/supervisor.ts";
import { privateStateRoot } from "../../test/support/env.ts";

/**
 * One real environment (keep `name` short: PostgreSQL's socket path has a 107-byte limit) (no portal) for the calling test file: up before its
 * tests, down and its state root removed after them. `portal: true` runs the sample
 * portal too (the BFF, for faults and probes that act on it).
 */
export function useEnvironment(name: string, options: { portal?: boolean } = {}): () => EnvironmentDescriptor {
  let supervised: Supervised | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const state = await privateStateRoot();
    cleanup = state.cleanup;
    supervised = await supervise({ name, root: state.root, backend: localBackend({ target: options.portal === true ? {} : false }) });
  });
  afterAll(async () => {
    try {
      await supervised?.down();
    } finally {
      await cleanup?.();
    }
  });
  return () => {
    if (supervised === undefined) throw new Error("the test environment is not up (did beforeAll fail?)");
    return supervised.descriptor;
  };
}
