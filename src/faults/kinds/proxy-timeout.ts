import { s } from "../../schema/index.ts";
import { defineFault } from "../fault.ts";
import { injectToxic, streamParam } from "./proxy-toxic.ts";

/** Nothing gets through; connections close after timeoutMs (0: they hang until the revert). */
export const proxyTimeout = defineFault({
  description: "stop all data through the target service's proxy; close connections after timeoutMs (0: never)",
  params: s.object({
    timeoutMs: s.withDefault(s.number({ integer: true, min: 0, max: 600_000 }), 0),
    stream: streamParam,
  }),
  inject: (context) => injectToxic("proxy.timeout", context, { type: "timeout", stream: context.params.stream, attributes: { timeout: context.params.timeoutMs } }),
});
