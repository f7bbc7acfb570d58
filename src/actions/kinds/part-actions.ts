import type { PartName } from "../../env/descriptor.ts";
import { s } from "../../schema/index.ts";
import { defineAction } from "../action.ts";

/** `systemctl start|restart <server>`: a no-op start when it already runs; the restart keeps its port and data. */
export function partAction(part: Extract<PartName, "redis" | "postgres">, verb: "start" | "restart") {
  return defineAction({
    description: `${verb} the ${part} server (runbook: "${verb === "start" ? "verify the server is running" : "restart if unresponsive / memory is exhausted"}")`,
    params: s.object({}),
    async run({ operator }) {
      await (verb === "start" ? operator.startPart(part) : operator.restartPart(part));
      return { part, verb };
    },
  });
}
