import { killContainer } from "../../env/containers/container-faults.ts";
import { s } from "../../schema/index.ts";
import { defineFault, faultHandle } from "../fault.ts";
import { controlOperator } from "../operator.ts";
import { containerOf } from "./container-target.ts";

/**
 * A crash: the server's container killed (SIGKILL by default: no shutdown,
 * Redis loses its data). The revert starts it again through the operator,
 * which waits until it answers (a no-op if a responder already did).
 */
export const containerKill = defineFault({
  description: "kill the target's container (a crash, not a shutdown); the revert starts it again",
  params: s.object({
    signal: s.withDefault(s.string({ pattern: /^(SIG)?[A-Z0-9]+$/, patternHint: "a signal name, e.g. SIGKILL or SIGTERM" }), "SIGKILL"),
  }),
  async inject({ descriptor, params, target, operator = controlOperator(descriptor) }) {
    const { target: part, containerId } = containerOf("container.kill", descriptor, target);
    const killed = await killContainer(containerId, params.signal);
    return faultHandle({ part, containerId, signal: params.signal }, async () => {
      await killed.revert();
      await operator.startPart(part);
    });
  },
});
