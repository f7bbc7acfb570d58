export { type Action, type ActionContext, defineAction } from "./action.ts";
export { type ActionKind, actionKinds, actionRegistry, isActionKind, runAction } from "./registry.ts";
