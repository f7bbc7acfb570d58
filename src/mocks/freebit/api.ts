import { http, type RequestHandler } from "msw";
import { json } from "../http/json.ts";
import { contextOf, type RequestContext } from "../http/request-context.ts";
import { FreebitError, FreebitErrors, OK } from "./errors.ts";
import type { AccountState } from "./fixture.ts";
import type { FreebitAccount, FreebitState } from "./state.ts";

type Body = Record<string, unknown>;
const STATES: readonly AccountState[] = ["active", "suspended", "cancelled"];

/** The request body: a form field `json` holding a JSON object (a raw JSON body is accepted too). */
function readBody(context: RequestContext): Body {
  const raw = context.contentType.includes("json") ? context.bodyText() : context.params().get("json");
  if (raw === null || raw === "") throw FreebitErrors.badRequest("missing json parameter");
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw FreebitErrors.badRequest("json is not valid JSON");
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw FreebitErrors.badRequest("json must be an object");
  return body as Body;
}

const text = (body: Body, name: string, pattern: RegExp): string => {
  const value = body[name];
  if (typeof value !== "string" || !pattern.test(value)) throw FreebitErrors.badRequest(`${name} is missing or malformed`);
  return value;
};

const describeAccount = (account: FreebitAccount) => ({
  account: account.account,
  iccid: account.iccid,
  planCode: account.planCode,
  simType: account.simType,
  state: account.pending === undefined ? account.state : "processing",
  ...(account.pending !== undefined && { pendingState: account.pending.target, processNo: account.pending.processNo }),
  updatedAt: new Date(account.updatedAtMs).toISOString(),
});

const operations: Record<string, (state: FreebitState, body: Body) => Body> = {
  authOem: (state, body) => {
    if (body.oemId !== state.fixture.oemId || body.oemKey !== state.fixture.oemKey) throw FreebitErrors.authFailed();
    return { authKey: state.issueAuthKey() };
  },
  addAcnt: (state, body) => {
    state.checkAuthKey(body.authKey);
    const account = state.activate(text(body, "iccid", /^\d{19,20}$/), text(body, "planCode", /^[\w-]{1,40}$/), text(body, "simType", /^(physical|esim)$/));
    return { account: account.account, processNo: account.pending?.processNo };
  },
  changeState: (state, body) => {
    state.checkAuthKey(body.authKey);
    const account = state.find({ account: text(body, "account", /^0\d{10}$/) }) ?? notFound();
    const target = text(body, "state", /^\w+$/) as AccountState;
    if (!STATES.includes(target)) throw FreebitErrors.badRequest(`state must be one of ${STATES.join(", ")}`);
    state.requestState(account, target);
    return { account: account.account, processNo: account.pending?.processNo };
  },
  getAcnt: (state, body) => {
    state.checkAuthKey(body.authKey);
    const account = (body.account !== undefined ? state.find({ account: body.account }) : state.find({ iccid: body.iccid })) ?? notFound();
    return describeAccount(account);
  },
};

function notFound(): never {
  throw FreebitErrors.accountNotFound();
}

/** The operation a path names: `/emptool/api/master/addAcnt/` → addAcnt. */
export const operationOf = (path: string) => /^\/emptool\/api\/(?:master\/)?(\w+)\/?$/.exec(path)?.[1];

/** `POST /emptool/api/…`: authOem, master/addAcnt, master/changeState, master/getAcnt. Errors are HTTP 200 with a result code. */
export function freebitHandler(state: FreebitState): RequestHandler {
  return http.post("/emptool/api/*", ({ request }) => {
    const context = contextOf(request);
    const operation = operationOf(context.path);
    const run = operation === undefined ? undefined : operations[operation];
    if (run === undefined) return undefined;
    try {
      return json({ ...OK, ...run(state, readBody(context)) });
    } catch (error) {
      if (error instanceof FreebitError) return json(error.toJSON());
      throw error;
    }
  });
}
