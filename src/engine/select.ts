import path from "node:path";
import { FiredrillError } from "../errors.ts";

/** `*` any run of characters but `/`, `**` any run, `?` one character, `{a,b}` either. */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${globSource(glob)}$`);
}

function globSource(glob: string): string {
  let source = "";
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index]!;
    if (char === "*" && glob[index + 1] === "*") {
      source += ".*";
      index++;
    } else if (char === "*") source += "[^/]*";
    else if (char === "?") source += "[^/]";
    else if (char === "{") {
      const end = glob.indexOf("}", index);
      if (end === -1) throw new FiredrillError("CONFIG_INVALID", `--drills "${glob}": "{" without "}"; write e.g. {redis,postgres}-*`);
      source += `(?:${glob.slice(index + 1, end).split(",").map(globSource).join("|")})`;
      index = end;
    } else source += char.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return source;
}

export interface Shard {
  readonly index: number;
  readonly total: number;
}

/** `--shard 2/3`: the second of three parts. */
export function parseShard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const total = Number(match?.[2]);
  if (match === null || total < 1 || index < 1 || index > total) {
    throw new FiredrillError("CONFIG_INVALID", `--shard "${value}": write i/n with 1 <= i <= n, e.g. --shard 1/3 on the first of three CI runners`);
  }
  return { index, total };
}

/**
 * The drills of shard i/n: drills sorted by id, every n-th from the i-th —
 * the same split on every runner, whatever order the files were read in.
 */
export function shardOf<T extends { readonly id: string }>(drills: readonly T[], shard: Shard | undefined): T[] {
  const sorted = [...drills].sort((a, b) => a.id.localeCompare(b.id));
  return shard === undefined ? sorted : sorted.filter((_drill, position) => position % shard.total === shard.index - 1);
}

/** The drills whose id (or file relative to the working directory, for a pattern with a "/") matches the glob. */
export function matchingDrills<T extends { readonly id: string; readonly file?: string }>(drills: readonly T[], glob: string | undefined): T[] {
  if (glob === undefined || glob === "") return [...drills];
  const pattern = globToRegExp(glob);
  const selected = drills.filter((drill) => pattern.test(drill.id) || (drill.file !== undefined && glob.includes("/") && pattern.test(path.relative(process.cwd(), drill.file))));
  if (selected.length === 0) {
    throw new FiredrillError("CONFIG_INVALID", `--drills "${glob}" matches no drill; the drills are: ${drills.map((drill) => drill.id).join(", ")}`);
  }
  return selected;
}
