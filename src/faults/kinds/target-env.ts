import { FiredrillError } from "../../errors.ts";
import { s } from "../../schema/index.ts";
import { defineFault, faultHandle } from "../fault.ts";
import { controlOperator } from "../operator.ts";
import { targetOf } from "../target.ts";

const scalar = s.union([s.string(), s.number(), s.boolean()], "a string, number or boolean");

/**
 * A bad deploy: the BFF restarts with variables changed (e.g.
 * SF_EVENTS_ENABLED=false). The revert restarts it with the values it had
 * before (from the target's overrides, else the environment's wiring); a
 * variable that had none is set empty, which the portal reads as unset.
 */
export const targetEnv = defineFault({
  description: "restart the BFF with environment variables changed (a misconfigured deploy); the revert restores the previous values and restarts it again",
  params: s.object({
    set: s.refine(
      s.transform(s.record(scalar, { keyPattern: /^[A-Za-z_][A-Za-z0-9_]*$/, keyHint: "an environment variable name" }), (values) =>
        Object.fromEntries(Object.entries(values).map(([key, value]) => [key, String(value)])),
      ),
      (values, at, issues) => {
        if (Object.keys(values).length === 0) issues.push({ path: at, message: "set at least one variable, e.g. { SF_EVENTS_ENABLED: false }" });
      },
    ),
    restart: s.withDefault(s.describe(s.boolean(), "the BFF reads its environment at start-up: only true is supported"), true),
  }),
  async inject({ descriptor, params, target, operator }) {
    targetOf("target.env", target ?? "portal", ["portal"] as const);
    if (!params.restart) throw new FiredrillError("CONFIG_INVALID", 'fault "target.env": params.restart: false is not supported (the BFF reads its environment at start-up); remove it or set it to true');
    if (descriptor.target === undefined) throw new FiredrillError("CONFIG_INVALID", `fault "target.env": environment "${descriptor.name}" runs without a BFF; start it with the portal`);
    const overrides = descriptor.target.overrides;
    const previous = Object.fromEntries(Object.keys(params.set).map((key) => [key, overrides[key] ?? descriptor.env[key] ?? ""]));
    const portal = operator ?? controlOperator(descriptor);
    const restart = (set: Record<string, string>) => portal.restartPart("portal", set);
    await restart(params.set);
    return faultHandle({ part: "portal", set: params.set, previous, restarted: true }, () => restart(previous));
  },
});
