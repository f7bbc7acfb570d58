import { s } from "../../schema/index.ts";
import { defineFault, faultHandle } from "../fault.ts";
import { activeCustomers, portalRequest, portalUrl, startAttacker, stolenLogin } from "./security-attacker.ts";

const KIND = "security.exfiltration";
/** Where the stolen session is used from (TEST-NET-2; the portal sees it with TRUST_PROXY=true). */
const ATTACKER_IP = "198.51.100.77";

const RANGE = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/;

/** "1-200" (or one id) as its first and last id. */
function rangeOf(value: string): { first: number; last: number } {
  const [, first, last = first] = RANGE.exec(value)!;
  return { first: Number(first), last: Number(last) };
}

/** Normalised to "first-last", which it accepts again (drills are validated at load and again at injection). */
const idRange = s.transform(
  s.refine(s.string({ coerce: true, pattern: RANGE, patternHint: 'a customer id range such as "1-200" (or one id)' }), (value, at, issues) => {
    const { first, last } = rangeOf(value);
    if (first < 1 || last < first) issues.push({ path: at, message: `"${value}" is not a range of customer ids: ids start at 1 and the range must not run backwards` });
  }),
  (value) => {
    const { first, last } = rangeOf(value);
    return `${first}-${last}`;
  },
);

/**
 * One stolen session (the first active customer's, logged in with stolen
 * credentials) walks /customers/<id> over `customerIds`, over and over,
 * `requestsPerSecond` times a second. The portal refuses every record but
 * the session's own (403) and audits each attempt as customer.read_denied
 * with the session's jti. Stopping rule: the attacker holds only the
 * session, so the first 401 (the session revoked, or the account locked,
 * which revokes its sessions) ends the attack.
 */
export const securityExfiltration = defineFault({
  description: "walk other customers' records with one stolen session until the session is revoked or reverted",
  params: s.object({
    customerIds: s.withDefault(idRange, "1-200"),
    requestsPerSecond: s.withDefault(s.number({ min: 0.1, max: 200 }), 10),
  }),
  async inject({ descriptor, params, target }) {
    const baseUrl = portalUrl(KIND, descriptor, target);
    const [victim] = await activeCustomers(KIND, descriptor, 1);
    const { token, jti } = await stolenLogin(KIND, baseUrl, victim!, ATTACKER_IP);
    const { first, last } = rangeOf(params.customerIds);
    let next = 0;
    const attacker = startAttacker({
      ratePerSecond: params.requestsPerSecond,
      step: async () => {
        const id = first + (next++ % (last - first + 1));
        const response = await portalRequest(baseUrl, { method: "GET", path: `/customers/${id}`, clientIp: ATTACKER_IP, token });
        return response.status === 401 ? "give-up" : "continue";
      },
    });
    return faultHandle({ customerId: victim!.customerId, jti, customerIds: `${first}-${last}`, requestsPerSecond: params.requestsPerSecond }, () => attacker.stop());
  },
});
