import os from "node:os";

/** Labels on every container firedrill starts: how `env down` and `gc` find them with no other bookkeeping. */
export const LABEL = {
  /** The environment's name (`--name`). */
  env: "firedrill.env",
  /** One supervisor's run of it: a name reused after a crash gets a new session. */
  session: "firedrill.session",
  /** The environment's directory: names repeat across state roots (test roots, FIREDRILL_STATE_DIR), directories do not. */
  stateDir: "firedrill.state-dir",
  /** The machine: a remote engine (DOCKER_HOST) may serve several. */
  host: "firedrill.host",
  /** A short-lived build container (the seeded PostgreSQL image); its value is the builder's pid. */
  build: "firedrill.build",
} as const;

export function environmentLabels(name: string, session: string, stateDir: string): Record<string, string> {
  return { [LABEL.env]: name, [LABEL.session]: session, [LABEL.stateDir]: stateDir, [LABEL.host]: os.hostname() };
}
