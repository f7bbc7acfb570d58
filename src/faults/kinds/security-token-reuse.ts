import { isIP } from "node:net";
import { randomBytes } from "node:crypto";
import { s } from "../../schema/index.ts";
import { defineFault, faultHandle } from "../fault.ts";
import { activeCustomers, errorOf, portalRequest, portalUrl, startAttacker, stolenLogin } from "./security-attacker.ts";

const KIND = "security.token-reuse";
/** Where the customer logs in and out from: their own address (TEST-NET-1), not the attacker's. */
const CUSTOMER_IP = "192.0.2.10";
/** The pages the stolen token is replayed against, in turn. */
const REPLAYED = ["/orders", "/billing/invoices", "/billing/payment-methods"] as const;
/** How often the attacker checks whether the account is still worth attacking. */
const ACCOUNT_CHECK_EVERY_MS = 3_000;

const ipAddress = s.refine(s.string({ minLength: 1 }), (value, at, issues) => {
  if (isIP(value) === 0) issues.push({ path: at, message: `"${value}" is not an IP address (e.g. 198.51.100.23)` });
});

/**
 * A customer (the first active one) logs in and out: the portal revokes the
 * session and blacklists the token. An attacker who captured the token
 * replays it from `sourceIp`, `requestsPerSecond` times a second, against
 * orders and billing; the portal answers 401 "access token revoked".
 *
 * Stopping rule: every 3 s, instead of a replay, the attacker tries the
 * customer's login with a guessed password, to see whether the account is
 * still worth attacking. When the portal answers 403 "account locked" it
 * gives up for good. Locking the account is the remediation that ends the
 * attack; revoking sessions alone does not (this token was revoked already).
 */
export const securityTokenReuse = defineFault({
  description: "replay a logged-out customer's access token from another address until the account is locked or reverted",
  params: s.object({
    sourceIp: s.withDefault(ipAddress, "198.51.100.23"),
    requestsPerSecond: s.withDefault(s.number({ min: 0.1, max: 100 }), 2),
  }),
  async inject({ descriptor, params, target }) {
    const baseUrl = portalUrl(KIND, descriptor, target);
    const [victim] = await activeCustomers(KIND, descriptor, 1);
    const { token, jti } = await stolenLogin(KIND, baseUrl, victim!, CUSTOMER_IP);
    const logout = await portalRequest(baseUrl, { method: "POST", path: "/auth/logout", clientIp: CUSTOMER_IP, token });
    if (logout.status !== 204) throw new Error(`fault "${KIND}": the customer's logout answered HTTP ${logout.status} ${errorOf(logout)}`);

    const checkEvery = Math.max(1, Math.round((ACCOUNT_CHECK_EVERY_MS / 1000) * params.requestsPerSecond));
    let step = 0;
    const attacker = startAttacker({
      ratePerSecond: params.requestsPerSecond,
      maxInFlight: 4,
      step: async () => {
        step++;
        if (step % checkEvery === 0) {
          const password = `guess-${randomBytes(6).toString("hex")}`;
          const check = await portalRequest(baseUrl, { method: "POST", path: "/auth/login", clientIp: params.sourceIp, json: { email: victim!.email, password } });
          return check.status === 403 && errorOf(check) === "account locked" ? "give-up" : "continue";
        }
        await portalRequest(baseUrl, { method: "GET", path: REPLAYED[step % REPLAYED.length]!, clientIp: params.sourceIp, token });
        return "continue";
      },
    });
    return faultHandle({ customerId: victim!.customerId, jti, sourceIp: params.sourceIp, requestsPerSecond: params.requestsPerSecond }, () => attacker.stop());
  },
});
