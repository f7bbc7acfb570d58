import { randomBytes } from "node:crypto";
import { s } from "../../schema/index.ts";
import { defineFault, faultHandle } from "../fault.ts";
import { activeCustomers, errorOf, portalRequest, portalUrl, startAttacker, type Victim } from "./security-attacker.ts";

const KIND = "security.brute-force";
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** The usable host addresses of an IPv4 CIDR (without network and broadcast when there are more than two), at most `limit`. */
export function hostsOf(cidr: string, limit = 65_536): string[] {
  const match = CIDR.exec(cidr);
  if (match === null) throw new Error(`"${cidr}" is not an IPv4 CIDR`);
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  const base = (((octets[0]! << 24) | (octets[1]! << 16) | (octets[2]! << 8) | octets[3]!) >>> 0) & (prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0);
  const size = 2 ** (32 - prefix);
  const [first, last] = size > 2 ? [1, size - 2] : [0, size - 1];
  const hosts: string[] = [];
  for (let offset = first; offset <= last && hosts.length < limit; offset++) {
    const ip = (base + offset) >>> 0;
    hosts.push([ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join("."));
  }
  return hosts;
}

const cidr = s.refine(s.string({ pattern: CIDR, patternHint: "an IPv4 network such as 203.0.113.0/24" }), (value, at, issues) => {
  const [address, prefix] = value.split("/");
  if (address!.split(".").some((octet) => Number(octet) > 255) || Number(prefix) > 32) issues.push({ path: at, message: `"${value}" is not an IPv4 network (octets 0-255, prefix 0-32)` });
});

/**
 * An attacker guessing passwords for `accounts` real customers from
 * addresses across `sourceNetwork` (sent as X-Forwarded-For: the drill
 * runs the portal with TRUST_PROXY=true), `attemptsPerSecond` attempts a
 * second, round-robin over accounts and addresses. Its guesses are never
 * the real password. It gives up on an account once the portal answers
 * 403 "account locked", and stops when every account is locked: locking
 * them is the remediation that ends the attack.
 */
export const securityBruteForce = defineFault({
  description: "guess passwords for real customers' accounts from many addresses until the accounts are locked or reverted",
  params: s.object({
    accounts: s.withDefault(s.number({ integer: true, min: 1, max: 1_000 }), 5),
    sourceNetwork: s.withDefault(cidr, "203.0.113.0/24"),
    attemptsPerSecond: s.withDefault(s.number({ min: 0.1, max: 200 }), 20),
  }),
  async inject({ descriptor, params, target }) {
    const baseUrl = portalUrl(KIND, descriptor, target);
    const victims = await activeCustomers(KIND, descriptor, params.accounts);
    const addresses = hostsOf(params.sourceNetwork, 4_096);
    const remaining: Victim[] = [...victims];
    let attempt = 0;
    const attacker = startAttacker({
      ratePerSecond: params.attemptsPerSecond,
      step: async () => {
        if (remaining.length === 0) return "give-up";
        const victim = remaining[attempt % remaining.length]!;
        const clientIp = addresses[attempt % addresses.length]!;
        attempt++;
        // A guess from a wordlist: random, so never the real password.
        const password = `guess-${randomBytes(6).toString("hex")}`;
        const response = await portalRequest(baseUrl, { method: "POST", path: "/auth/login", clientIp, json: { email: victim.email, password } });
        if (response.status === 403 && errorOf(response) === "account locked") {
          const index = remaining.indexOf(victim);
          if (index >= 0) remaining.splice(index, 1);
        }
        return remaining.length === 0 ? "give-up" : "continue";
      },
    });
    return faultHandle(
      {
        targetedCustomerIds: victims.map((victim) => victim.customerId),
        targetedEmails: victims.map((victim) => victim.email),
        sourceNetwork: params.sourceNetwork,
        attemptsPerSecond: params.attemptsPerSecond,
      },
      () => attacker.stop(),
    );
  },
});
