import { Option } from "commander";
import { defaultDrillsDir, defaultRegistries, type DrillRegistries, type KindRegistry, type LoadedDrill, loadDrills } from "../../drills/index.ts";
import { FiredrillError } from "../../errors.ts";
import { defaultRunbookPath, loadRunbook, type Runbook } from "../../runbook/index.ts";
import { didYouMean } from "../../schema/index.ts";

export interface DrillSourceOptions {
  drills: string;
  runbook: string;
}

export const drillsOption = () => new Option("--drills <dir>", "directory of drill YAML files").default(defaultDrillsDir());
export const runbookOption = () => new Option("--runbook <file>", "the incident runbook the drills rehearse").default(defaultRunbookPath());

/**
 * The names DESIGN.md lists, with the params schema of each kind that is
 * implemented: drills whose kinds are not implemented yet still load, and
 * implemented kinds get their params checked.
 */
function withImplemented(names: KindRegistry, implemented: KindRegistry): KindRegistry {
  return { kinds: [...new Set([...names.kinds, ...implemented.kinds])], paramsSchema: (kind) => implemented.paramsSchema(kind) };
}

async function registries(): Promise<DrillRegistries> {
  // On demand: the fault kinds pull in database and proxy clients that other commands do not need.
  const [{ faultRegistry }, { probeRegistry }, { actionRegistry }] = await Promise.all([
    import("../../faults/registry.ts"),
    import("../../probes/registry.ts"),
    import("../../actions/registry.ts"),
  ]);
  return {
    faults: withImplemented(defaultRegistries.faults, faultRegistry),
    probes: withImplemented(defaultRegistries.probes, probeRegistry),
    actions: withImplemented(defaultRegistries.actions, actionRegistry),
  };
}

/** The runbook and every drill, or a RunbookError / DrillError naming file, line and column. */
export async function loadSources(options: DrillSourceOptions): Promise<{ runbook: Runbook; drills: LoadedDrill[] }> {
  const runbook = await loadRunbook(options.runbook);
  const drills = await loadDrills({ runbook, dir: options.drills, registries: await registries() });
  return { runbook, drills };
}

export function findDrill(drills: readonly LoadedDrill[], id: string, dir: string): LoadedDrill {
  const drill = drills.find((candidate) => candidate.id === id);
  if (drill !== undefined) return drill;
  const ids = drills.map((candidate) => candidate.id);
  const hint = didYouMean(id, ids);
  throw new FiredrillError("NOT_FOUND", `no drill "${id}" in ${dir}${hint === undefined ? "" : `; ${hint}`} (available: ${ids.join(", ")}); \`firedrill list\` shows them all`);
}
