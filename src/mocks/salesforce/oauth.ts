import { http, HttpResponse, type RequestHandler } from "msw";
import { json } from "../http/json.ts";
import { contextOf } from "../http/request-context.ts";
import { INVALID_GRANT_VARIANTS, type InvalidGrantVariant } from "./auth.ts";
import { oauthError } from "./errors.ts";
import { decodeJwt, verifyRs256 } from "./jwt.ts";
import type { SalesforceState } from "./state.ts";

const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
/** How far the org's clock runs ahead while the "expired" fault (clock skew) is on. */
const SKEW_MS = 10 * 60 * 1000;

/** OAuth 2.0 JWT bearer token endpoint and userinfo. */
export function oauthHandlers(state: SalesforceState): RequestHandler[] {
  const fail = (variant: InvalidGrantVariant) => oauthError(INVALID_GRANT_VARIANTS[variant].error, INVALID_GRANT_VARIANTS[variant].description);
  const base = () => state.publicUrl();
  const identityUrl = (userId: string) => `${base()}/id/${state.org.organizationId}/${userId}`;

  return [
    http.post("/services/oauth2/token", ({ request }) => {
      const form = contextOf(request).params();
      if (form.get("grant_type") !== JWT_BEARER) return oauthError("unsupported_grant_type", "grant type not supported");
      const jwt = decodeJwt(form.get("assertion") ?? "");
      if (jwt === undefined) return fail("invalid-assertion");
      const { auth } = state;
      const claims = jwt.claims;
      // The checks in the order Salesforce reports them: client, signature, audience, expiry, user.
      if (claims.iss !== auth.consumerKey || auth.broken("invalid-client-id")) return fail("invalid-client-id");
      if (!verifyRs256(jwt, auth.publicKey) || auth.broken("invalid-assertion")) return fail("invalid-assertion");
      const audiences = (Array.isArray(claims.aud) ? claims.aud : [claims.aud]).map((aud) => (typeof aud === "string" ? aud.replace(/\/+$/, "") : aud));
      if (!audiences.includes(base()) || auth.broken("audience-invalid")) return fail("audience-invalid");
      const nowSeconds = (state.clock.now() + (auth.broken("expired") ? SKEW_MS : 0)) / 1000;
      if (typeof claims.exp !== "number" || claims.exp <= nowSeconds) return fail("expired");
      const user = auth.user(claims.sub);
      if (user === undefined || !user.preAuthorized || auth.broken("user-not-approved")) return fail("user-not-approved");
      if (!user.IsActive || auth.broken("authentication-failure")) return fail("authentication-failure");
      const session = auth.issue(user);
      return json({
        access_token: session.token,
        scope: "api",
        instance_url: base(),
        id: identityUrl(user.Id),
        token_type: "Bearer",
      });
    }),
    http.get("/services/oauth2/userinfo", ({ request }) => {
      const session = state.auth.session(request.headers.get("authorization"));
      if (session === undefined) return new HttpResponse("Bad_OAuth_Token", { status: 403, headers: { "Content-Type": "text/plain" } });
      const { user } = session;
      return json({
        sub: identityUrl(user.Id),
        user_id: user.Id,
        organization_id: state.org.organizationId,
        preferred_username: user.Username,
        nickname: user.Username.split("@")[0],
        name: user.Name,
        email: user.Email,
        email_verified: true,
        active: user.IsActive,
        user_type: "STANDARD",
        language: "en_US",
        locale: "en_US",
        utcOffset: 0,
        urls: {
          rest: `${base()}/services/data/v{version}/`,
          sobjects: `${base()}/services/data/v{version}/sobjects/`,
          query: `${base()}/services/data/v{version}/query/`,
        },
      });
    }),
  ];
}
