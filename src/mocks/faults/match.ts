import type { RequestContext } from "../http/request-context.ts";
import { param, type ParamsOf } from "./params.ts";

/**
 * Parameters every request-level fault takes: which calls it hits and how
 * often. `path` is a path prefix, `action` a WHMCS action, Freebit operation
 * or Salesforce SObject / Bayeux channel (case-insensitive), `rate` the share
 * of matching calls hit (1 = all; below 1 gives intermittent errors).
 */
export const matchParams = {
  path: param.string("", "a path prefix, e.g. /services/data"),
  action: param.string("", "an action name, e.g. GetClients"),
  rate: param.number(1, 0, 1),
};

export type MatchParams = ParamsOf<typeof matchParams>;

export function matches(context: RequestContext, match: MatchParams): boolean {
  if (match.path !== "" && !context.path.startsWith(match.path)) return false;
  if (match.action !== "") {
    const wanted = match.action.toLowerCase();
    const actions = (context.action ?? "").toLowerCase().split(",");
    if (!actions.includes(wanted)) return false;
  }
  return match.rate >= 1 || Math.random() < match.rate;
}
