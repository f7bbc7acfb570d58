import { SYSTEMS } from "../../system.ts";
import { defineFault } from "../fault.ts";
import { matches, matchParams } from "../match.ts";

/** Matching calls lose their connection: the socket is destroyed before any byte of a response. */
export const drop = defineFault({
  description: "close the connection of matching calls without a response",
  systems: SYSTEMS,
  params: { ...matchParams },
  inject: (target, match) => {
    target.intercept((exchange) => {
      if (!matches(exchange.context, match)) return "continue";
      target.mark(exchange.context);
      exchange.drop();
      return "handled";
    });
  },
});
