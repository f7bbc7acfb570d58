import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { DrillEnvironment } from "../../engine/drill-environment.ts";
import { FiredrillError } from "../../errors.ts";
import type { MocksDescriptor } from "../../mocks/index.ts";
import type { EnvironmentDescriptor } from "../descriptor.ts";
import { stateRoot } from "../state.ts";
import { type ComposeProject, defaultProjectName, imageEnv, inspectContainer, mountCovering, serviceContainer } from "./compose-cli.ts";
import { COMPOSE_SERVICES, readGamedayConfig } from "./compose-config.ts";
import { type ComposeFacts, composeDescriptor, type ProxiedService, type ProxyListing } from "./compose-descriptor.ts";
import { composeOperator } from "./compose-operator.ts";

export interface ComposeEnvironmentOptions {
  /** The compose file, or files in `-f` order (docker-compose.yml, then docker-compose.local.yml where no Toxiproxy image exists). */
  file: string | readonly string[];
  /** The project it was brought up as (`docker-compose -p`); default docker-compose's own (COMPOSE_PROJECT_NAME, else the file's directory name). */
  projectName?: string | undefined;
  /** The variables the files are read with (FIREDRILL_*_IMAGE, FIREDRILL_COMPOSE_LOG_DIR, …); default process.env. */
  env?: NodeJS.ProcessEnv | undefined;
  /** State root; the environment's directory (traffic SLIs, shell wrappers, the portal's override file) is <root>/compose/<project>. */
  root?: string | undefined;
}

const PROXIED: readonly ProxiedService[] = ["redis", "postgres", "salesforce", "whmcs", "freebit"];

async function getJson<T>(url: string, what: string, hint: string): Promise<T> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return (await response.json()) as T;
  } catch (error) {
    throw new FiredrillError("STATE_INVALID", `${what} at ${url} does not answer (${(error as Error).message}); ${hint}`, { cause: error });
  }
}

async function proxiesOf(apiUrl: string, hint: string): Promise<Record<ProxiedService, ProxyListing>> {
  const listed = await getJson<Record<string, ProxyListing>>(`${apiUrl}/proxies`, "Toxiproxy", hint);
  const missing = PROXIED.filter((name) => listed[name] === undefined);
  if (missing.length > 0) throw new FiredrillError("CONFIG_INVALID", `Toxiproxy at ${apiUrl} has no proxy ${missing.map((name) => `"${name}"`).join(", ")}; it needs one per service, named ${PROXIED.join(", ")} (compose/toxiproxy.json)`);
  return Object.fromEntries(PROXIED.map((name) => [name, listed[name]!])) as Record<ProxiedService, ProxyListing>;
}

async function versionOf(apiUrl: string): Promise<string> {
  const text = await (await fetch(`${apiUrl}/version`, { signal: AbortSignal.timeout(5_000) })).text();
  try {
    return String((JSON.parse(text) as { version?: string }).version ?? text).trim();
  } catch {
    return text.trim();
  }
}

/**
 * A standing docker-compose game-day environment (docker-compose.yml) as an
 * environment drills run in: the descriptor from the compose file, the
 * containers, the Toxiproxy API and the mocks' control API; an operator that
 * acts with docker-compose. The stack must be up; it stays up afterwards.
 */
export async function composeEnvironment(options: ComposeEnvironmentOptions): Promise<DrillEnvironment> {
  const files = (typeof options.file === "string" ? [options.file] : [...options.file]).map((file) => path.resolve(file));
  if (files.length === 0) throw new FiredrillError("CONFIG_INVALID", "composeEnvironment: give at least one compose file");
  const project: ComposeProject = { files, project: options.projectName ?? defaultProjectName(files[0]!, options.env), env: options.env };
  const upCommand = `docker-compose -p ${project.project} ${files.map((file) => `-f ${path.relative(process.cwd(), file) || file}`).join(" ")} up -d`;
  const config = await readGamedayConfig(project);
  const ids = Object.fromEntries(await Promise.all(Object.values(COMPOSE_SERVICES).map(async (service) => [service, await serviceContainer(project.project, service)] as const)));
  const missing = (["redis", "postgres", "portal"] as const).filter((service) => ids[service] === undefined);
  if (missing.length > 0) throw new FiredrillError("STATE_INVALID", `compose project "${project.project}" has no ${missing.join(", ")} container; bring it up first: ${upCommand}`);
  const [proxies, proxyVersion, mocks] = await Promise.all([
    proxiesOf(config.proxyApiUrl, `is the stack up? ${upCommand}`),
    versionOf(config.proxyApiUrl),
    getJson<MocksDescriptor>(`${config.mocksControlUrl}/`, "the mocks' control API", `is the stack up? ${upCommand}`),
  ]);
  const stateDir = path.join(options.root ?? stateRoot(), "compose", project.project);
  await mkdir(stateDir, { recursive: true });

  const containers = async () => {
    const [redis, postgres, portal] = await Promise.all([inspectContainer(ids.redis!), inspectContainer(ids.postgres!), inspectContainer(ids.portal!)]);
    return { redis, postgres, portal, mocks: ids.mocks, toxiproxy: ids.toxiproxy };
  };
  let facts: ComposeFacts = {
    name: project.project,
    stateDir,
    createdAt: new Date().toISOString(),
    compose: { files, project: project.project },
    config,
    proxyVersion,
    proxies,
    mocks,
    containers: await containers(),
    portalImageEnv: {},
  };
  facts.portalImageEnv = await imageEnv(facts.containers.portal.image);
  const logDir = config.portalEnv.LOG_DIR || "/var/log/bff";
  if (mountCovering(facts.containers.portal.mounts, logDir) === undefined) {
    // Log probes and the responder read the portal's logs on the host.
    throw new FiredrillError("CONFIG_INVALID", `compose service "portal": its log directory ${logDir} is not mounted from the host, where drills read it; bind-mount it (docker-compose.yml: \${FIREDRILL_COMPOSE_LOG_DIR:-./.gameday/bff-logs}:${logDir})`);
  }
  let current: EnvironmentDescriptor = composeDescriptor(facts);
  const refresh = async () => {
    // A re-created portal is a new container.
    ids.portal = (await serviceContainer(project.project, COMPOSE_SERVICES.portal)) ?? ids.portal;
    facts = { ...facts, containers: await containers() };
    current = composeDescriptor(facts);
  };
  return {
    descriptor: () => current,
    operator: composeOperator({
      project,
      descriptor: () => current,
      portalBase: config.portalEnv,
      portalImage: () => facts.containers.portal.image,
      portalLogMount: () => `${current.target!.logDir}:${config.portalEnv.LOG_DIR || "/var/log/bff"}`,
      refresh,
    }),
    baseOverrides: { ...current.target!.overrides },
    baseVariables: { ...current.env },
  };
}
