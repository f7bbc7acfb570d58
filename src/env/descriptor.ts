/**
 * The environment descriptor: the contract between a running environment and
 * everything that uses it (CLI, probes, responders, users' scripts). Printed
 * by `env up --detach --json` and `env status --json`; documented in the README.
 * Fields are only ever added, never renamed.
 */
export type BackendName = "local" | "containers";

export interface ServiceDescriptor {
  /** What the portal uses: through the service's fault proxy. */
  url: string;
  /** Bypassing the proxy: for operators and probes that must see the service itself. */
  directUrl: string;
  /** Name of the service's proxy in the proxy API. */
  proxy: string;
  /** Process id of the server (local backend). */
  pid: number;
  host: string;
  /** Port of the proxy's listener. */
  port: number;
  /** Port of the server itself. */
  directPort: number;
}

export interface PostgresDescriptor extends ServiceDescriptor {
  database: string;
  templateDatabase: string;
  user: string;
  password: string;
}

export interface EnvironmentDescriptor {
  name: string;
  backend: BackendName;
  /** The process that holds the environment; SIGTERM to it tears everything down. */
  supervisorPid: number;
  createdAt: string;
  /** Where the environment's state, logs and private directories live; removed by `env down`. */
  stateDir: string;
  proxy: { apiUrl: string; version: string };
  /** The supervisor's control API (loopback, token in the state directory). */
  control: { url: string };
  services: {
    redis: ServiceDescriptor;
    postgres: PostgresDescriptor;
  };
  /** Variables `env shell` exports: DATABASE_URL, REDIS_URL, TOXIPROXY_URL, … */
  env: Record<string, string>;
}

export type PartName = "redis" | "postgres";
export const PART_NAMES: readonly PartName[] = ["redis", "postgres"];

export type HealthStatus = "ok" | "fail";

export interface PartHealth {
  part: string;
  status: HealthStatus;
  latencyMs: number;
  detail?: string;
  error?: string;
}
