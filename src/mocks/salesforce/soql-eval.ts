import { restError } from "./errors.ts";
import type { FieldType } from "./org-fixture.ts";
import type { OrgStore, SObjectRecord, SObjectType } from "./org-store.ts";
import { type Condition, type FieldRef, parseSoql, type SoqlQuery, SoqlSyntaxError, type SoqlValue } from "./soql.ts";

export interface QueryResult {
  readonly totalSize: number;
  readonly done: true;
  readonly records: Record<string, unknown>[];
}

interface ResolvedField {
  readonly name: string;
  readonly type: FieldType;
  /** For Account.Name: the relationship (Account) and the parent type. */
  readonly parent?: { readonly relationship: string; readonly type: SObjectType };
  read(record: SObjectRecord): unknown;
}

/** Parsed queries by text: a portal sends the same few queries over and over. */
const parsed = new Map<string, SoqlQuery>();

/** Parses, checks and runs `soql` against the org; errors are the REST errors Salesforce answers. */
export function runSoql(org: OrgStore, soql: string, recordUrl: (type: string, id: string) => string): QueryResult {
  const located = (column: number, text: string) => `\n${soql}\n${" ".repeat(Math.max(0, column - 1))}^\nERROR at Row:1:Column:${column}\n${text}`;
  let query;
  try {
    query = parsed.get(soql) ?? parseSoql(soql);
    if (parsed.size >= 256) parsed.clear();
    parsed.set(soql, query);
  } catch (error) {
    if (error instanceof SoqlSyntaxError) throw restError(400, "MALFORMED_QUERY", located(error.column, error.message));
    throw error;
  }
  const type = org.type(query.object);
  if (type === undefined || type.platformEvent) {
    throw restError(400, "INVALID_TYPE", located(query.objectColumn, `sObject type '${query.object}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`));
  }
  const resolve = (ref: FieldRef): ResolvedField => {
    const field = resolveField(org, type, ref.path);
    if (typeof field === "string") throw restError(400, "INVALID_FIELD", located(ref.column, field));
    return field;
  };
  const selected = query.fields.map(resolve);
  const where = query.where;
  const whereFields = new Map<FieldRef, ResolvedField>();
  const collect = (condition: Condition): void => {
    switch (condition.kind) {
      case "and":
      case "or":
        return collect(condition.left), collect(condition.right);
      case "not":
        return collect(condition.condition);
      default:
        whereFields.set(condition.field, resolve(condition.field));
    }
  };
  if (where !== undefined) collect(where);
  const order = query.orderBy.map((item) => ({ field: resolve(item.field), descending: item.descending }));

  const test = (record: SObjectRecord, condition: Condition): boolean => {
    switch (condition.kind) {
      case "and":
        return test(record, condition.left) && test(record, condition.right);
      case "or":
        return test(record, condition.left) || test(record, condition.right);
      case "not":
        return !test(record, condition.condition);
      case "in": {
        const value = whereFields.get(condition.field)!.read(record);
        return condition.values.some((candidate) => compare(value, candidate) === 0) !== condition.negated;
      }
      default:
        return compareOp(whereFields.get(condition.field)!.read(record), condition.op, condition.value);
    }
  };
  let rows = org.all(type).filter((record) => where === undefined || test(record, where));
  if (order.length > 0) {
    rows.sort((a, b) => {
      for (const { field, descending } of order) {
        const result = compare(field.read(a), field.read(b));
        if (result !== 0) return descending ? -result : result;
      }
      return 0;
    });
  }
  rows = rows.slice(query.offset ?? 0, query.limit === undefined ? undefined : (query.offset ?? 0) + query.limit);
  if (query.count) return { totalSize: rows.length, done: true, records: [] };
  const records = rows.map((record) => {
    const out: Record<string, unknown> = { attributes: { type: type.name, url: recordUrl(type.name, record.Id) } };
    for (const field of selected) {
      if (field.parent === undefined) {
        out[field.name] = record[field.name] ?? null;
        continue;
      }
      const { relationship, type: parentType } = field.parent;
      if (!(relationship in out)) {
        const parent = findParent(org, type, relationship, record);
        out[relationship] = parent === null ? null : { attributes: { type: parentType.name, url: recordUrl(parentType.name, parent.Id) } };
      }
      const target = out[relationship] as Record<string, unknown> | null;
      if (target !== null) target[field.name] = field.read(record);
    }
    return out;
  });
  return { totalSize: records.length, done: true, records };
}

const relationshipOf = (field: string) => (field.endsWith("__c") ? `${field.slice(0, -3)}__r` : field.replace(/Id$/, ""));

function referenceField(type: SObjectType, relationship: string): [string, string] | undefined {
  for (const [name, fieldType] of Object.entries(type.fields)) {
    if (fieldType.startsWith("reference:") && relationshipOf(name).toLowerCase() === relationship.toLowerCase()) return [name, fieldType.slice(10)];
  }
  return undefined;
}

function findParent(org: OrgStore, type: SObjectType, relationship: string, record: SObjectRecord): SObjectRecord | null {
  const [field, target] = referenceField(type, relationship) ?? [];
  const parentType = target === undefined ? undefined : org.type(target);
  const id = field === undefined ? undefined : record[field];
  return parentType !== undefined && typeof id === "string" ? (org.get(parentType, id) ?? null) : null;
}

function resolveField(org: OrgStore, type: SObjectType, path: readonly string[]): ResolvedField | string {
  const own = (candidate: SObjectType, name: string) => Object.keys(candidate.fields).find((field) => field.toLowerCase() === name.toLowerCase());
  const noSuchColumn = (name: string, on: string) =>
    `No such column '${name}' on entity '${on}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`;
  if (path.length === 1) {
    const name = own(type, path[0]!);
    return name === undefined ? noSuchColumn(path[0]!, type.name) : { name, type: type.fields[name]!, read: (record) => record[name] };
  }
  const reference = path.length === 2 ? referenceField(type, path[0]!) : undefined;
  const parentType = reference === undefined ? undefined : org.type(reference[1]);
  if (reference === undefined || parentType === undefined) {
    return `Didn't understand relationship '${path[0]}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`;
  }
  const name = own(parentType, path[1]!);
  if (name === undefined) return noSuchColumn(path[1]!, parentType.name);
  const relationship = relationshipOf(reference[0]);
  return {
    name,
    type: parentType.fields[name]!,
    parent: { relationship, type: parentType },
    read: (record) => findParent(org, type, relationship, record)?.[name] ?? null,
  };
}

const normalize = (value: unknown): unknown => (value !== null && typeof value === "object" && "date" in value ? (value as { date: string }).date : value);

/** SOQL compares text case-insensitively; nulls sort first. */
function compare(left: unknown, right: SoqlValue | unknown): number {
  const a = normalize(left);
  const b = normalize(right);
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" || typeof b === "boolean") return a === b ? 0 : String(a) < String(b) ? -1 : 1;
  const [x, y] = [String(a).toLowerCase(), String(b).toLowerCase()];
  return x === y ? 0 : x < y ? -1 : 1;
}

function compareOp(value: unknown, op: string, literal: SoqlValue): boolean {
  if (op === "like") {
    const pattern = String(normalize(literal)).replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/%/g, ".*").replace(/_/g, ".");
    return value !== null && value !== undefined && new RegExp(`^${pattern}$`, "is").test(String(value));
  }
  if (literal === null) return op === "=" ? value === null || value === undefined : op === "!=" ? value !== null && value !== undefined : false;
  if (value === null || value === undefined) return op === "!=";
  const result = compare(value, literal);
  return { "=": result === 0, "!=": result !== 0, "<": result < 0, "<=": result <= 0, ">": result > 0, ">=": result >= 0 }[op] ?? false;
}

