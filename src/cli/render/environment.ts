import type { EnvironmentDescriptor, PartHealth } from "../../env/descriptor.ts";

/** Hides the password in a URL for display. */
const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]+@/, "//$1:***@");

/** The containers backend's container, as `docker ps` shows its id. */
const container = (id: string | undefined) => (id ? `  container ${id.slice(0, 12)}` : "");

export function renderDescriptor(descriptor: EnvironmentDescriptor): string {
  const rows = Object.entries(descriptor.services).map(
    ([part, service]) => `  ${part.padEnd(10)} ${redact(service.url).padEnd(52)} direct ${redact(service.directUrl)}${"pid" in service ? `  pid ${service.pid}` : ""}${"containerId" in service ? container(service.containerId) : ""}`,
  );
  const target = descriptor.target;
  if (target) rows.push(`  portal     ${target.url.padEnd(52)} logs ${target.logDir}  pid ${target.pid}${target.command === "sample" ? "" : `  (${target.command})`}`);
  return [
    `environment "${descriptor.name}" (${descriptor.backend}) is up; supervisor pid ${descriptor.supervisorPid}`,
    `  proxy API  ${descriptor.proxy.apiUrl} (Toxiproxy ${descriptor.proxy.version})${container(descriptor.proxy.containerId)}`,
    ...rows,
    `  mocks      ${descriptor.mocks.controlUrl} (faults, events, journal)${container(descriptor.mocks.containerId)}`,
    `  state      ${descriptor.stateDir}`,
    `Use it: firedrill env shell --name ${descriptor.name}    Stop it: firedrill env down --name ${descriptor.name}`,
  ].join("\n");
}

export function renderHealth(health: readonly PartHealth[]): string {
  return health
    .map((part) => {
      const mark = part.status === "ok" ? "ok  " : "FAIL";
      const what = part.status === "ok" ? (part.detail ?? "") : (part.error ?? "");
      return `  ${mark} ${part.part.padEnd(20)} ${String(part.latencyMs).padStart(5)} ms  ${what}`;
    })
    .join("\n");
}
