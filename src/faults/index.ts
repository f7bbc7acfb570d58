export { defineFault, type Fault, type FaultContext, type FaultHandle, faultHandle } from "./fault.ts";
export { controlOperator, type Operator } from "./operator.ts";
export { type FaultKind, faultKinds, faultRegistry, injectFault, isFaultKind } from "./registry.ts";
