import { FiredrillError } from "../../errors.ts";
import { isSystemName, SYSTEMS, type SystemName } from "../system.ts";
import type { MocksControl } from "./mocks-control.ts";

export interface ControlReply {
  readonly status: number;
  readonly json?: unknown;
}

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  handle(control: MocksControl, match: RegExpExecArray, body: unknown, query: URLSearchParams): ControlReply;
}

const system = (value: string | null): SystemName | undefined => {
  if (value === null || value === "") return undefined;
  if (!isSystemName(value)) throw new FiredrillError("CONFIG_INVALID", `mocks control: unknown system "${value}"; one of ${SYSTEMS.join(", ")}`);
  return value;
};

const object = (body: unknown, what: string): Record<string, unknown> => {
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw new FiredrillError("CONFIG_INVALID", `mocks control: ${what} must be a JSON object`);
  return body as Record<string, unknown>;
};

/** The control API: JSON in, JSON out, on loopback. */
export const routes: readonly Route[] = [
  { method: "GET", pattern: /^\/$/, handle: (control) => ({ status: 200, json: control.descriptor() }) },
  { method: "GET", pattern: /^\/faults\/kinds$/, handle: (control) => ({ status: 200, json: { kinds: control.faultKinds() } }) },
  {
    method: "GET",
    pattern: /^\/faults$/,
    handle: (control, _match, _body, query) => ({ status: 200, json: { faults: control.listFaults({ ...optional("system", system(query.get("system"))) }) } }),
  },
  {
    method: "POST",
    pattern: /^\/faults$/,
    handle: (control, _match, body) => {
      const spec = object(body, "a fault");
      const params = spec.params === undefined ? {} : object(spec.params, "params");
      return { status: 201, json: control.setFault({ kind: String(spec.kind), ...optional("system", spec.system as string | undefined), params }) };
    },
  },
  {
    method: "DELETE",
    pattern: /^\/faults\/([\w.-]+)$/,
    handle: (control, match) => {
      if (control.clearFault(match[1]!)) return { status: 204 };
      throw new FiredrillError("NOT_FOUND", `mocks control: no active fault "${match[1]}"; GET /faults lists them (it may have been cleared already)`);
    },
  },
  {
    method: "DELETE",
    pattern: /^\/faults$/,
    handle: (control, _match, _body, query) => ({ status: 200, json: { cleared: control.clearFaults({ ...optional("system", system(query.get("system"))) }) } }),
  },
  {
    method: "POST",
    pattern: /^\/events$/,
    handle: (control, _match, body) => {
      const spec = object(body, "an event");
      if (typeof spec.event !== "string") throw new FiredrillError("CONFIG_INVALID", 'mocks control: an event needs "event" (e.g. "OrderProvisionRequested__e") and "payload" (its fields)');
      return { status: 201, json: control.publishEvent(spec.event, spec.payload === undefined ? {} : object(spec.payload, "payload")) };
    },
  },
  {
    method: "GET",
    pattern: /^\/events$/,
    handle: (control, _match, _body, query) => ({ status: 200, json: { events: control.events(query.get("channel") ?? "/event/OrderProvisionRequested__e") } }),
  },
  {
    method: "GET",
    pattern: /^\/journal$/,
    handle: (control, _match, _body, query) => {
      const afterSeq = query.get("afterSeq");
      const entries = control.journal({
        ...optional("system", system(query.get("system"))),
        ...optional("since", query.get("since") ?? undefined),
        ...optional("action", query.get("action") ?? undefined),
        ...optional("afterSeq", afterSeq === null ? undefined : Number(afterSeq)),
      });
      return { status: 200, json: { entries } };
    },
  },
  { method: "DELETE", pattern: /^\/journal$/, handle: (control) => (control.clearJournal(), { status: 204 }) },
  {
    method: "POST",
    pattern: /^\/reset$/,
    handle: (control, _match, _body, query) => (control.reset({ keepJournal: query.get("keepJournal") === "true" }), { status: 204 }),
  },
  {
    method: "PUT",
    pattern: /^\/public-urls\/(\w+)$/,
    handle: (control, match, body) => {
      const target = system(match[1]!)!;
      const { url } = object(body, "the body");
      if (typeof url !== "string") throw new FiredrillError("CONFIG_INVALID", 'mocks control: PUT /public-urls/<system> takes {"url": "http://127.0.0.1:<port>"}');
      control.setPublicUrl(target, url);
      return { status: 200, json: control.descriptor() };
    },
  },
];

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
