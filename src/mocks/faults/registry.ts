import type { FaultKind } from "./fault.ts";
import { drop } from "./kinds/drop.ts";
import { freebitSlowCompletion } from "./kinds/freebit-slow-completion.ts";
import { hang } from "./kinds/hang.ts";
import { httpError } from "./kinds/http-error.ts";
import { latency } from "./kinds/latency.ts";
import { salesforceEventsStall } from "./kinds/salesforce-events-stall.ts";
import { salesforceInvalidGrant } from "./kinds/salesforce-invalid-grant.ts";
import { salesforceReplayRejected } from "./kinds/salesforce-replay-rejected.ts";
import { salesforceRequestLimit } from "./kinds/salesforce-request-limit.ts";
import { salesforceSubscribeDenied } from "./kinds/salesforce-subscribe-denied.ts";
import { salesforceUnknownClient } from "./kinds/salesforce-unknown-client.ts";
import { whmcsAuthFailure } from "./kinds/whmcs-auth-failure.ts";
import { whmcsIpBlocked } from "./kinds/whmcs-ip-blocked.ts";
import { whmcsMaintenance } from "./kinds/whmcs-maintenance.ts";

/** Every fault kind the mocks accept, by name. Kinds for one system are prefixed with it. */
export const faultKinds = {
  "http-error": httpError,
  latency,
  hang,
  drop,
  "salesforce.invalid-grant": salesforceInvalidGrant,
  "salesforce.request-limit": salesforceRequestLimit,
  "salesforce.events-stall": salesforceEventsStall,
  "salesforce.subscribe-denied": salesforceSubscribeDenied,
  "salesforce.unknown-client": salesforceUnknownClient,
  "salesforce.replay-rejected": salesforceReplayRejected,
  "whmcs.auth-failure": whmcsAuthFailure,
  "whmcs.ip-blocked": whmcsIpBlocked,
  "whmcs.maintenance": whmcsMaintenance,
  "freebit.slow-completion": freebitSlowCompletion,
} as const;

export type FaultKindName = keyof typeof faultKinds;

export function findFaultKind(name: string): FaultKind | undefined {
  return Object.hasOwn(faultKinds, name) ? (faultKinds[name as FaultKindName] as unknown as FaultKind) : undefined;
}
