import type { Fault } from "../fault.ts";
import { containerDisconnect } from "./container-disconnect.ts";
import { containerKill } from "./container-kill.ts";
import { containerOom } from "./container-oom.ts";
import { containerPause } from "./container-pause.ts";

/** Faults on Redis's or PostgreSQL's container rather than its traffic: the containers backend and docker-compose environments. */
export const containerFaults = {
  "container.pause": containerPause,
  "container.kill": containerKill,
  "container.oom": containerOom,
  "container.disconnect": containerDisconnect,
} as const satisfies Record<string, Fault<unknown>>;
