import { HTTP_ERROR_STATUSES } from "../../mocks/http/system-mock.ts";
import { s } from "../../schema/index.ts";
import { defineFault } from "../fault.ts";
import { targetOf } from "../target.ts";
import { injectMockFault, SAAS_SYSTEMS } from "./mock-fault.ts";

const STATUSES: readonly number[] = HTTP_ERROR_STATUSES;

const status = s.refine(s.number({ integer: true }), (value, path, issues) => {
  if (!STATUSES.includes(value)) issues.push({ path, message: `status ${value} is not one the mocks answer with`, allowed: STATUSES.map(String) });
});

/** A share (`rate`) of the system's calls answer an HTTP error with the system's real error body. */
export const saasHttpError = defineFault({
  description: "answer a share of the target SaaS system's calls with an HTTP error status",
  params: s.object({
    status: s.withDefault(status, 503),
    rate: s.describe(s.withDefault(s.number({ min: 0, max: 1 }), 1), "share of calls that fail: 1 all, 0.3 three in ten"),
  }),
  inject: ({ descriptor, target, params }) =>
    injectMockFault("saas.http-error", descriptor, { system: targetOf("saas.http-error", target, SAAS_SYSTEMS), kind: "http-error", params: { status: params.status, rate: params.rate } }),
});
