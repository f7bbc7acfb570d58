/**
 * The environment descriptor: the contract between a running environment and
 * everything that uses it (CLI, probes, responders, users' scripts). Printed
 * by `env up --detach --json` and `env status --json`; documented in the README.
 * Fields are only ever added, never renamed.
 */
export type BackendName = "local" | "containers";

/** A service reached through its fault proxy. */
export interface ProxiedEndpoint {
  /** What the portal uses: through the service's fault proxy. */
  url: string;
  /** Bypassing the proxy: for operators and probes that must see the service itself. */
  directUrl: string;
  /** Name of the service's proxy in the proxy API. */
  proxy: string;
  host: string;
  /** Port of the proxy's listener. */
  port: number;
  /** Port of the server itself. */
  directPort: number;
}

export interface ServiceDescriptor extends ProxiedEndpoint {
  /** Process id of the server (in a container: its main process as the host sees it); 0 while stopped. */
  pid: number;
  /** The containers backend: the server's container (labelled firedrill.env=<name>); kept across stop/start. */
  containerId?: string;
}

export interface PostgresDescriptor extends ServiceDescriptor {
  database: string;
  templateDatabase: string;
  user: string;
  password: string;
}

/** The Salesforce mock: `url` is the instance URL and JWT audience (through the proxy). */
export interface SalesforceDescriptor extends ProxiedEndpoint {
  loginUrl: string;
  consumerKey: string;
  username: string;
  /** The Connected App's test-only private key (PEM). */
  privateKeyPath: string;
  apiVersion: string;
}

/** The WHMCS mock: `url` is `…/includes/api.php` through the proxy. */
export interface WhmcsDescriptor extends ProxiedEndpoint {
  identifier: string;
  secret: string;
}

/** The Freebit mock: `url` is `…/emptool/api` through the proxy. */
export interface FreebitDescriptor extends ProxiedEndpoint {
  oemId: string;
  oemKey: string;
}

/** The BFF under drill: the sample portal or a user's own (`--target-cmd`). */
export interface TargetDescriptor {
  url: string;
  healthUrl: string;
  /** combined.log and error.log (what the runbook calls /var/log/bff/). */
  logDir: string;
  /** 0 while stopped. */
  pid: number;
  /** "sample" or the user's command. */
  command: string;
  /** Variables changed by operators since the environment started (`env restart portal --set K=V`). */
  overrides: Record<string, string>;
}

export interface EnvironmentDescriptor {
  name: string;
  backend: BackendName;
  /** The process that holds the environment; SIGTERM to it tears everything down. */
  supervisorPid: number;
  createdAt: string;
  /** Where the environment's state, logs and private directories live; removed by `env down`. */
  stateDir: string;
  /** The fault proxy's API; `containerId` when it is Toxiproxy in a container (containers backend, image present). */
  proxy: { apiUrl: string; version: string; containerId?: string };
  /** The supervisor's control API (loopback, token in the state directory). */
  control: { url: string };
  /** Set for a standing docker-compose environment (`run --compose`): its files and project. It has no supervisor: `supervisorPid` is 0 and `control.url` "" then. */
  compose?: { files: string[]; project: string };
  services: {
    redis: ServiceDescriptor;
    postgres: PostgresDescriptor;
    salesforce: SalesforceDescriptor;
    whmcs: WhmcsDescriptor;
    freebit: FreebitDescriptor;
  };
  /** The SaaS mocks' control API: faults, published events, the journal of calls. */
  mocks: { controlUrl: string; containerId?: string };
  /** Absent when the environment runs without a BFF (`env up --no-portal`). */
  target?: TargetDescriptor;
  /** Variables `env shell` exports: DATABASE_URL, REDIS_URL, WHMCS_API_URL, TOXIPROXY_URL, … */
  env: Record<string, string>;
}

export type PartName = "redis" | "postgres" | "portal";
export const PART_NAMES: readonly PartName[] = ["redis", "postgres", "portal"];

export type HealthStatus = "ok" | "fail";

export interface PartHealth {
  part: string;
  status: HealthStatus;
  latencyMs: number;
  detail?: string;
  error?: string;
}
