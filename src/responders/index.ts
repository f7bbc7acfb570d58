export { type AutoResponderOptions, automatedResponder } from "./auto/auto-responder.ts";
export type { ActionOutcome, Responder, ResponderContext } from "./responder.ts";
