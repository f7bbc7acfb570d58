import { s } from "../../schema/index.ts";
import { defineAction } from "../action.ts";

const scalar = s.union([s.string(), s.number(), s.boolean()], "a string, number or boolean");

/** Restart the BFF, optionally with changed variables (`SF_EVENTS_REPLAY=ALL`, `CIRCUIT_BREAKER_ENABLED=true`, …), as `env restart portal --set`. */
export const portalRestart = defineAction({
  description: "restart the BFF, with variables changed when `set` is given",
  params: s.object({
    set: s.withDefault(
      s.transform(s.record(scalar, { keyPattern: /^[A-Za-z_][A-Za-z0-9_]*$/, keyHint: "an environment variable name" }), (values) =>
        Object.fromEntries(Object.entries(values).map(([key, value]) => [key, String(value)])),
      ),
      {},
    ),
  }),
  async run({ descriptor, params, operator }) {
    if (descriptor.target === undefined) throw new Error(`environment "${descriptor.name}" runs without a BFF`);
    await operator.restartPart("portal", params.set);
    return { set: params.set };
  },
});
