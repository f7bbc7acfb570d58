import { bandwidth } from "./bandwidth.ts";
import { latency } from "./latency.ts";
import { limitData } from "./limit-data.ts";
import { noop } from "./noop.ts";
import { resetPeer } from "./reset-peer.ts";
import { slicer } from "./slicer.ts";
import { slowClose } from "./slow-close.ts";
import { timeout } from "./timeout.ts";
import type { ToxicKind } from "./toxic.ts";

/** Every toxic type the server accepts, keyed by its API name. `down` is not a toxic: it is `enabled:false`. */
export const toxicKinds = {
  noop,
  latency,
  bandwidth,
  slow_close: slowClose,
  timeout,
  reset_peer: resetPeer,
  slicer,
  limit_data: limitData,
} as const;

export type ToxicType = keyof typeof toxicKinds;

export function findToxicKind(type: string): ToxicKind | undefined {
  return Object.hasOwn(toxicKinds, type) ? (toxicKinds[type as ToxicType] as unknown as ToxicKind) : undefined;
}
