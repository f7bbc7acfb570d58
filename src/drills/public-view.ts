import type { Drill } from "./drill-schema.ts";

/** What a trainee may browse: the drill without its answer key (`firedrill show` without --answers). */
export type PublicDrill = Omit<Drill, "answers"> & { readonly hintCount: number };

export function withoutAnswers(drill: Drill): PublicDrill {
  const { answers, ...rest } = drill;
  return { ...rest, hintCount: answers.hints.length };
}
