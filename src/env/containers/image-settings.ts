/**
 * Which image each containerized part runs. Users with a registry get the
 * public images; where none is reachable, `firedrill images build` makes
 * local stand-ins (tagged `firedrill/<part>:local`) that take the same
 * variables, commands and entrypoint conventions.
 */
export const IMAGE_SETTINGS = {
  redis: { variable: "FIREDRILL_REDIS_IMAGE", publicImage: "redis:7", localImage: "firedrill/redis:local" },
  postgres: { variable: "FIREDRILL_POSTGRES_IMAGE", publicImage: "postgres:16", localImage: "firedrill/postgres:local" },
  toxiproxy: { variable: "FIREDRILL_TOXIPROXY_IMAGE", publicImage: "ghcr.io/shopify/toxiproxy:2.12.0", localImage: undefined },
  /** For docker-compose's mocks and portal (Node.js with the project mounted). */
  node: { variable: "FIREDRILL_NODE_IMAGE", publicImage: "node:20-bookworm-slim", localImage: "firedrill/node:local" },
} as const;

export type ImageRole = keyof typeof IMAGE_SETTINGS;

export interface ImageChoice {
  role: ImageRole;
  image: string;
  /** Where the choice came from: the variable, the public default, or the local build standing in for an absent public image. */
  source: "variable" | "public" | "local";
}

/**
 * The image for `role`: the variable when set; else the public image when it
 * is present (or may be pulled); else the local build when it is present.
 * `present` answers whether an image is in the engine's store.
 */
export async function chooseImage(role: ImageRole, present: (image: string) => Promise<boolean>, env: NodeJS.ProcessEnv = process.env): Promise<ImageChoice> {
  const setting = IMAGE_SETTINGS[role];
  const configured = env[setting.variable];
  if (configured) return { role, image: configured, source: "variable" };
  if (setting.localImage !== undefined && !(await present(setting.publicImage)) && (await present(setting.localImage))) {
    return { role, image: setting.localImage, source: "local" };
  }
  return { role, image: setting.publicImage, source: "public" };
}
