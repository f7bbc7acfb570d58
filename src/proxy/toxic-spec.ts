import type { ToxicAttributes, ToxicKind } from "./toxics/toxic.ts";

export type Direction = "upstream" | "downstream";

/** A toxic as the API knows it: its metadata plus the kind that gives it behaviour. */
export interface ToxicSpec {
  readonly name: string;
  readonly type: string;
  /** As the client spelled it (parsed case-insensitively into `direction`). */
  readonly stream: string;
  readonly direction: Direction;
  readonly toxicity: number;
  readonly attributes: ToxicAttributes;
  readonly kind: ToxicKind;
}

/** The JSON the API shows: every attribute, in the kind's order. */
export function toxicJson(spec: ToxicSpec) {
  return {
    name: spec.name,
    type: spec.type,
    stream: spec.stream,
    toxicity: spec.toxicity,
    attributes: spec.attributes,
  };
}
