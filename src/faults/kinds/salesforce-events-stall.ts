import { s } from "../../schema/index.ts";
import { defineFault } from "../fault.ts";
import { targetOf } from "../target.ts";
import { injectMockFault } from "./mock-fault.ts";

/** Salesforce accepts Platform Events but delivers none; they stay replayable for when delivery resumes. */
export const salesforceEventsStall = defineFault({
  description: "Salesforce accepts Platform Events but stops delivering them to subscribers",
  params: s.object({}),
  inject: ({ descriptor, target }) =>
    injectMockFault("salesforce.events-stall", descriptor, { system: targetOf("salesforce.events-stall", target ?? "salesforce", ["salesforce"] as const), kind: "salesforce.events-stall", params: {} }),
});
