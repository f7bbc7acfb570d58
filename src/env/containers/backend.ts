import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import { startMocks } from "../../mocks/index.ts";
import { assembleEnvironment, hostProxyServer, type TargetOptions } from "../assemble.ts";
import type { Environment, EnvironmentBackend, UpOptions } from "../backend.ts";
import { LOOPBACK } from "../ports.ts";
import { chooseImage, type ImageRole } from "./image-settings.ts";
import { environmentLabels } from "./labels.ts";
import { mocksContainer } from "./mocks-container.ts";
import { postgresContainer } from "./postgres-container.ts";
import { redisContainer } from "./redis-container.ts";
import { containersMarker } from "./reap.ts";
import { imagePresent, runtimeClient } from "./runtime.ts";
import { toxiproxyContainer } from "./toxiproxy-container.ts";

export interface ContainersBackendOptions {
  /** Port of the fault proxy's control API; default a free one. */
  proxyPort?: number;
  /** `false`: no BFF (`env up --no-portal`). */
  target?: false | TargetOptions;
  /** Where the image settings are read (FIREDRILL_REDIS_IMAGE, …_POSTGRES_, …_TOXIPROXY_, …_NODE_IMAGE); default process.env. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Redis and PostgreSQL in containers (testcontainers, Ryuk off), published on
 * fixed loopback ports so a stop/start keeps them where their proxies point;
 * the proxies on Toxiproxy in a container when its image is set or present,
 * else on firedrill's own Toxiproxy-compatible server on the host; the SaaS
 * mocks in a container when a Node.js image is present (else in the
 * supervisor); the BFF on the host as the local backend has it. Every
 * container is labelled firedrill.env=<name>, firedrill.session=<id> and
 * firedrill.state-dir=<dir>, which is how `env down` and `gc` find them.
 */
export function containersBackend(options: ContainersBackendOptions = {}): EnvironmentBackend {
  return {
    name: "containers",
    async up({ name, state }: UpOptions): Promise<Environment> {
      // Loading testcontainers (~0.5 s) overlaps the mocks' start: assembleEnvironment starts both at once.
      const prepared = (async () => {
        await runtimeClient();
        const choose = (role: ImageRole) => chooseImage(role, imagePresent, options.env);
        const [redis, postgres, toxiproxy, node] = await Promise.all([choose("redis"), choose("postgres"), choose("toxiproxy"), choose("node")]);
        // Toxiproxy is the one part with an equal on the host: its image is used when set or present, never pulled on a guess.
        const toxiproxyImage = toxiproxy.source === "variable" || (await imagePresent(toxiproxy.image)) ? toxiproxy.image : undefined;
        // The mocks' container mounts firedrill's directory: only an engine on this machine sees it.
        const mocksImage = !process.env.DOCKER_HOST && (await imagePresent(node.image)) ? node.image : undefined;
        const session = randomBytes(6).toString("hex");
        const labels = environmentLabels(name, session, state.dir);
        await fs.writeFile(containersMarker(state), `${JSON.stringify({ session, labels, images: { redis: redis.image, postgres: postgres.image, toxiproxy: toxiproxyImage ?? "(firedrill's own proxy, on the host)", mocks: mocksImage ?? "(in the supervisor)" } }, null, 2)}\n`);
        return { labels, redisImage: redis.image, postgresImage: postgres.image, toxiproxyImage, mocksImage };
      })();
      return assembleEnvironment({
        backend: "containers",
        state,
        proxyPort: options.proxyPort,
        target: options.target,
        services: () => [
          prepared.then(({ labels, redisImage }) => redisContainer({ image: redisImage, labels })),
          prepared.then(({ labels, postgresImage }) => postgresContainer({ image: postgresImage, labels })),
        ],
        mocks: async () => {
          const { labels, mocksImage } = await prepared;
          return mocksImage === undefined ? startMocks({ host: LOOPBACK }) : mocksContainer({ image: mocksImage, labels });
        },
        proxyServer: async () => {
          const { labels, toxiproxyImage } = await prepared;
          return toxiproxyImage === undefined ? hostProxyServer(options.proxyPort) : toxiproxyContainer({ image: toxiproxyImage, labels, ...(options.proxyPort ? { port: options.proxyPort } : {}) });
        },
      });
    },
  };
}
