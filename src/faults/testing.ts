import { afterAll, beforeAll } from "vitest";
import type { EnvironmentDescriptor } from "../env/descriptor.ts";
import type { BackendName } from "../env/descriptor.ts";
import { type Supervised, selectBackend, supervise } from "../env/supervisor.ts";
import { privateStateRoot } from "../../test/support/env.ts";

/**
 * One real environment (keep `name` short: PostgreSQL's socket path has a 107-byte limit) (no portal) for the calling test file: up before its
 * tests, down and its state root removed after them. `portal: true` runs the sample
 * portal too (the BFF, for faults and probes that act on it). FIREDRILL_TEST_BACKEND=containers
 * runs the same tests on the containers backend.
 */
export function useEnvironment(name: string, options: { portal?: boolean } = {}): () => EnvironmentDescriptor {
  let supervised: Supervised | undefined;
  let cleanup: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const state = await privateStateRoot();
    cleanup = state.cleanup;
    const backend = await selectBackend((process.env.FIREDRILL_TEST_BACKEND as BackendName | undefined) ?? "local", { target: options.portal === true ? {} : false });
    supervised = await supervise({ name, root: state.root, backend });
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
