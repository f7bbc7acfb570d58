import { FiredrillError } from "../../errors.ts";
import { INVALID_GRANT_VARIANTS, type InvalidGrantVariant } from "../../mocks/salesforce/auth.ts";
import { s } from "../../schema/index.ts";
import { defineFault } from "../fault.ts";
import { targetOf } from "../target.ts";
import { injectMockFault } from "./mock-fault.ts";

const VARIANTS = Object.keys(INVALID_GRANT_VARIANTS) as InvalidGrantVariant[];

/**
 * The system stops accepting the portal's credentials: Salesforce's JWT
 * bearer flow fails with one invalid_grant `variant` (and, with
 * revokeSessions, live tokens die too); WHMCS answers "Authentication Failed".
 */
export const saasAuthFailure = defineFault({
  description: "make the target SaaS system refuse the portal's credentials (salesforce: invalid_grant variant; whmcs: Authentication Failed)",
  params: s.object({
    variant: s.optional(s.describe(s.enumOf(VARIANTS, "invalid_grant variant"), "salesforce only; default invalid-assertion")),
    revokeSessions: s.optional(s.describe(s.boolean(), "salesforce only; default true")),
  }),
  inject: ({ descriptor, target, params }) => {
    const system = targetOf("saas.auth-failure", target, ["salesforce", "whmcs"] as const);
    if (system === "salesforce") {
      return injectMockFault("saas.auth-failure", descriptor, {
        system,
        kind: "salesforce.invalid-grant",
        params: { variant: params.variant ?? "invalid-assertion", revokeSessions: params.revokeSessions ?? true },
      });
    }
    if (params.variant !== undefined || params.revokeSessions !== undefined) {
      throw new FiredrillError("CONFIG_INVALID", 'fault "saas.auth-failure": params.variant and params.revokeSessions apply to target salesforce only; remove them for whmcs');
    }
    return injectMockFault("saas.auth-failure", descriptor, { system, kind: "whmcs.auth-failure", params: {} });
  },
});
