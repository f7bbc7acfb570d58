import { existsSync } from "node:fs";
import { containersMarker, engineConfigured, reapContainers, reapOrphanContainers } from "./containers/reap.ts";
import { isAlive, processesOf, startTime, terminate } from "./processes.ts";
import { EnvironmentState, listEnvironmentNames, stateRoot } from "./state.ts";

export interface ReapedEnvironment {
  name: string;
  /** Processes that were still running and were ended. */
  processes: number[];
  /** Processes that would not die (should not happen; reported, state kept). */
  survivors: number[];
  removedDir: string | undefined;
  /** Containers removed (containers backend), by id. */
  containers?: string[];
}

/** Is the environment's supervisor still running? (A recycled pid, started at another time, does not count.) */
export async function supervisorAlive(state: EnvironmentState): Promise<number | undefined> {
  const recorded = await state.supervisor();
  if (recorded === undefined || !isAlive(recorded.pid)) return undefined;
  return (await startTime(recorded.pid)) === recorded.startTime ? recorded.pid : undefined;
}

/**
 * Reaps one environment whose supervisor is gone: ends every process that
 * names the environment's directory, then removes the directory. A live
 * environment is left alone unless `force`.
 */
export async function reapEnvironment(state: EnvironmentState, options: { force?: boolean } = {}): Promise<ReapedEnvironment | undefined> {
  const supervisor = await supervisorAlive(state);
  if (supervisor !== undefined && !options.force) return undefined;
  // A live supervisor (force) gets the chance to tear down in order; whatever is left is ended below.
  const stubborn = supervisor === undefined ? [] : await terminate([supervisor], { first: "SIGTERM", graceMs: 10_000, timeoutMs: 12_000 });
  const pids = await processesOf(`${state.dir}/`);
  const survivors = [...stubborn, ...(await terminate(pids))];
  // The containers backend leaves a marker before its first container; its containers carry the directory as a label.
  const containers = existsSync(containersMarker(state)) ? await reapContainers(state.dir) : [];
  let removedDir: string | undefined;
  if (survivors.length === 0) {
    await state.remove();
    removedDir = state.dir;
  }
  return { name: state.name, processes: supervisor === undefined ? pids : [supervisor, ...pids], survivors, removedDir, ...(containers.length > 0 ? { containers } : {}) };
}

/** `firedrill gc`: reaps every environment left behind by a crashed or killed supervisor; with `force`, live ones too. */
export async function collectGarbage(root: string = stateRoot(), options: { force?: boolean } = {}): Promise<ReapedEnvironment[]> {
  const reaped: ReapedEnvironment[] = [];
  for (const name of await listEnvironmentNames(root)) {
    let state: EnvironmentState;
    try {
      state = new EnvironmentState(name, root);
    } catch {
      continue;
    }
    const result = await reapEnvironment(state, options);
    if (result !== undefined) reaped.push(result);
  }
  // An engine that does not answer holds no container we could remove: nothing to sweep then.
  const orphans = engineConfigured() ? await reapOrphanContainers().catch(() => new Map<string, string[]>()) : new Map<string, string[]>();
  for (const [name, containers] of orphans) reaped.push({ name, processes: [], survivors: [], removedDir: undefined, containers });
  return reaped;
}
