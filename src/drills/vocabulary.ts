/** The parts of the portal's world: what a fault targets and what a responder names as the component at fault. */
export const SERVICES = ["portal", "redis", "postgres", "salesforce", "whmcs", "freebit"] as const;
export type Service = (typeof SERVICES)[number];

/** Ids of drills, faults and probes: kebab-case. */
export const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const KEBAB_HINT = "kebab-case (lowercase words joined by -), e.g. redis-down";

/**
 * `{{root.field}}` placeholders a drill's params may use; the engine fills
 * them from the environment descriptor and the run. `faults.<id>.<field>` is
 * what a fault's handle exposes (the attacker's session, the holder's pid).
 */
export const TEMPLATE_ROOTS = {
  target: ["url", "healthUrl", "logDir", "pid"],
  services: undefined,
  env: undefined,
  faults: undefined,
  run: ["id", "startedAt", "injectedAt"],
} as const satisfies Record<string, readonly string[] | undefined>;
