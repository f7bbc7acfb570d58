import type { PartName } from "../../env/descriptor.ts";
import { s } from "../../schema/index.ts";
import { defineFault, faultHandle } from "../fault.ts";
import { controlOperator } from "../operator.ts";

/** The server process stops, as `systemctl stop`; the revert starts it again (a no-op if a responder already did). */
export function partStop(part: Extract<PartName, "redis" | "postgres">) {
  return defineFault({
    description: `stop the ${part} server; the revert starts it again`,
    params: s.object({}),
    async inject({ descriptor, operator = controlOperator(descriptor) }) {
      await operator.stopPart(part);
      return faultHandle({ part, stopped: true }, () => operator.startPart(part));
    },
  });
}
