import type { WhmcsBody } from "../format.ts";
import type { WhmcsState } from "../state.ts";

/** An application error: WHMCS answers HTTP 200 `{"result":"error","message":…}`. */
export class WhmcsActionError extends Error {}

export interface ActionCall {
  readonly params: URLSearchParams;
  readonly state: WhmcsState;
}

/** One API action: reads its params, returns the fields that follow `"result":"success"`, or throws WhmcsActionError. */
export interface WhmcsAction {
  run(call: ActionCall): WhmcsBody;
}

/** Typing helper: returns its argument. */
export function defineAction(action: WhmcsAction): WhmcsAction {
  return action;
}

/** `pid[0]=1&pid[1]=3`, `pid[]=1` or `pid=1`: WHMCS's PHP-style arrays. */
export function arrayParam(params: URLSearchParams, name: string): string[] {
  const values: string[] = [];
  for (const [key, value] of params) {
    if (key === name || key === `${name}[]` || new RegExp(`^${name}\\[\\d+\\]$`).test(key)) values.push(value);
  }
  return values;
}

export const truthy = (value: string | null) => value !== null && value !== "" && value !== "0" && value.toLowerCase() !== "false";
