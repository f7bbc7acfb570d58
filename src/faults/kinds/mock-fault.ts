import { FiredrillError } from "../../errors.ts";
import type { EnvironmentDescriptor } from "../../env/descriptor.ts";
import { type FaultHandle, faultHandle } from "../fault.ts";

const CONTROL_TIMEOUT_MS = 5_000;

export const SAAS_SYSTEMS = ["salesforce", "whmcs", "freebit"] as const;

/**
 * Sets one fault in the SaaS mocks (POST /faults); the handle clears exactly
 * that fault (DELETE /faults/:id), and a fault already cleared counts as reverted.
 */
export async function injectMockFault(
  kind: string,
  descriptor: EnvironmentDescriptor,
  spec: { system: string; kind: string; params: Record<string, unknown> },
): Promise<FaultHandle> {
  const controlUrl = descriptor.mocks.controlUrl;
  const response = await fetch(`${controlUrl}/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(spec),
    signal: AbortSignal.timeout(CONTROL_TIMEOUT_MS),
  });
  const body = (await response.json().catch(() => ({}))) as { id?: string; error?: string };
  if (response.status !== 201 || typeof body.id !== "string") {
    throw new FiredrillError("PROCESS_FAILED", `fault "${kind}": the mocks refused ${spec.kind} on ${spec.system} (HTTP ${response.status}): ${body.error ?? JSON.stringify(body)}`);
  }
  const id = body.id;
  return faultHandle({ system: spec.system, mockFault: id, mockKind: spec.kind, ...spec.params }, async () => {
    const cleared = await fetch(`${controlUrl}/faults/${encodeURIComponent(id)}`, { method: "DELETE", signal: AbortSignal.timeout(CONTROL_TIMEOUT_MS) });
    await cleared.body?.cancel();
    if (cleared.status !== 204 && cleared.status !== 404) throw new FiredrillError("PROCESS_FAILED", `fault "${kind}": clearing mock fault ${id} answered HTTP ${cleared.status}`);
  });
}
