import { INVALID_GRANT_VARIANTS, type InvalidGrantVariant } from "../../salesforce/auth.ts";
import { defineFault } from "../fault.ts";
import { param } from "../params.ts";

const VARIANTS = Object.keys(INVALID_GRANT_VARIANTS) as InvalidGrantVariant[];

/**
 * The JWT bearer flow fails as the real org does in the matching state:
 * invalid-assertion (certificate rotated), audience-invalid (My Domain
 * changed), expired (clock skew), user-not-approved (profile lost the app's
 * pre-authorization), authentication-failure (user deactivated),
 * invalid-client-id (Connected App deleted). With revokeSessions, existing
 * tokens die too, so clients find out now rather than in two hours.
 */
export const salesforceInvalidGrant = defineFault({
  description: "make the OAuth JWT bearer flow fail with one invalid_grant variant (or invalid_client_id)",
  systems: ["salesforce"],
  params: { variant: param.oneOf(VARIANTS, "invalid-assertion"), revokeSessions: param.boolean(true) },
  inject: (target, { variant, revokeSessions }) => {
    const { salesforce } = target.world;
    target.onRevert(salesforce.auth.breakages.add(variant));
    if (revokeSessions) {
      salesforce.auth.revokeAll();
      salesforce.bayeux.dropAll("revoked");
    }
  },
});
