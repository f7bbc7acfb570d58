import { http, HttpResponse, type RequestHandler } from "msw";
import { json } from "../http/json.ts";
import { RestErrors } from "./errors.ts";
import { isRecordId, type SObjectRecord, type SObjectType } from "./org-store.ts";
import { jsonBody, type RestCall, restRoute } from "./rest-route.ts";
import { runSoql } from "./soql-eval.ts";
import type { SalesforceState } from "./state.ts";

/** REST on the in-memory org: sobjects GET / PATCH / POST (Platform Events publish on POST) and query. */
export function restHandlers(state: SalesforceState): RequestHandler[] {
  const recordUrl = (version: string) => (type: string, id: string) => `/services/data/v${version}/sobjects/${type}/${id}`;
  const nowIso = () => new Date(state.clock.now()).toISOString().replace("Z", "+0000");
  const typeOf = (rest: RestCall): SObjectType => state.org.type(String(rest.params.type)) ?? notFound();
  const recordOf = (rest: RestCall, type: SObjectType): SObjectRecord => {
    const id = String(rest.params.id);
    if (!isRecordId(id)) throw RestErrors.badId(id);
    return state.org.get(type, id) ?? notFound();
  };

  return [
    http.get(
      "/services/data/:version/query",
      restRoute(state, (rest) => {
        const soql = new URL(rest.request.url).searchParams.get("q");
        if (soql === null || soql.trim() === "") {
          return json([{ message: "A query string has to be specified", errorCode: "MALFORMED_QUERY" }], { status: 400 });
        }
        return json(runSoql(state.org, soql, recordUrl(rest.version)));
      }),
    ),
    http.get(
      "/services/data/:version/sobjects/:type/:id",
      restRoute(state, (rest) => {
        const type = typeOf(rest);
        const record = recordOf(rest, type);
        const wanted = new URL(rest.request.url).searchParams.get("fields");
        const names = wanted === null ? Object.keys(type.fields) : wanted.split(",").map((name) => name.trim());
        const out: Record<string, unknown> = { attributes: { type: type.name, url: recordUrl(rest.version)(type.name, record.Id) } };
        for (const name of names) {
          const canonical = Object.keys(type.fields).find((field) => field.toLowerCase() === name.toLowerCase());
          if (canonical === undefined) throw RestErrors.invalidField(name, type.name);
          out[canonical] = record[canonical] ?? null;
        }
        return json(out);
      }),
    ),
    http.patch(
      "/services/data/:version/sobjects/:type/:id",
      restRoute(state, (rest) => {
        const type = typeOf(rest);
        const record = recordOf(rest, type);
        state.org.update(type, record, jsonBody(rest.context, type.name), nowIso());
        return new HttpResponse(null, { status: 204 });
      }),
    ),
    http.post(
      "/services/data/:version/sobjects/:type",
      restRoute(state, (rest) => {
        const type = typeOf(rest);
        const fields = jsonBody(rest.context, type.name);
        if (type.platformEvent) {
          const { id, event } = state.publishEvent(type.name, fields, rest.session.user.Id);
          // High-volume Platform Events are published asynchronously: Salesforce says so with OPERATION_ENQUEUED.
          return json({ id, success: true, errors: [{ statusCode: "OPERATION_ENQUEUED", message: event.eventUuid, fields: [] }] }, { status: 201 });
        }
        const record = state.org.insert(type, fields, nowIso());
        return json({ id: record.Id, success: true, errors: [] }, { status: 201 });
      }),
    ),
    http.get("/services/data", () =>
      json(
        Array.from({ length: state.apiVersions.max - state.apiVersions.min + 1 }, (_, index) => {
          const version = `${state.apiVersions.min + index}.0`;
          return { label: releaseName(state.apiVersions.min + index), url: `/services/data/v${version}`, version };
        }),
      ),
    ),
  ];
}

/** API 62.0 is Winter '25, 61.0 Summer '24, 60.0 Spring '24, and so on, three releases a year. */
function releaseName(version: number): string {
  const back = 62 - version;
  const season = ["Winter", "Summer", "Spring"][((back % 3) + 3) % 3];
  return `${season} '${25 - Math.floor((back + 2) / 3)}`;
}

function notFound(): never {
  throw RestErrors.notFound();
}
