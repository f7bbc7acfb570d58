import type { FieldType, OrgFixture, SObjectTypeFixture } from "./org-fixture.ts";
import { RestErrors } from "./errors.ts";

export interface SObjectType extends SObjectTypeFixture {
  readonly name: string;
}

export type SObjectRecord = Record<string, unknown> & { Id: string };

/** A 15- or 18-character Salesforce record id. */
export const isRecordId = (id: string) => /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id);

/** An in-memory org: SObject types and their records, seeded from org.json. */
export class OrgStore {
  readonly organizationId: string;
  readonly #types = new Map<string, SObjectType>();
  readonly #records = new Map<string, Map<string, SObjectRecord>>();
  #nextId = 1_001;

  constructor(fixture: OrgFixture) {
    this.organizationId = fixture.organizationId;
    for (const [name, type] of Object.entries(fixture.sobjects)) {
      this.#types.set(name.toLowerCase(), { ...type, name });
      this.#records.set(name, new Map());
    }
    for (const [name, records] of Object.entries(fixture.records)) {
      const table = this.#records.get(name);
      for (const record of records) table?.set(String(record.Id).slice(0, 15), structuredClone(record) as SObjectRecord);
    }
  }

  /** Type names are case-insensitive in REST and SOQL. */
  type(name: string): SObjectType | undefined {
    return this.#types.get(name.toLowerCase());
  }

  types(): SObjectType[] {
    return [...this.#types.values()];
  }

  get(type: SObjectType, id: string): SObjectRecord | undefined {
    if (!isRecordId(id)) return undefined;
    return this.#records.get(type.name)?.get(id.slice(0, 15));
  }

  all(type: SObjectType): SObjectRecord[] {
    return [...(this.#records.get(type.name)?.values() ?? [])];
  }

  /** Validates and stores a new record; throws RestErrorResponse as Salesforce answers. */
  insert(type: SObjectType, values: Record<string, unknown>, nowIso: string): SObjectRecord {
    const checked = this.#checkFields(type, values);
    const missing = type.required.filter((field) => checked[field] === undefined || checked[field] === null);
    if (missing.length > 0) throw RestErrors.requiredMissing(missing);
    const record: SObjectRecord = { ...checked, Id: this.newId(type), CreatedDate: nowIso, LastModifiedDate: nowIso };
    if (!type.platformEvent) this.#records.get(type.name)?.set(record.Id.slice(0, 15), record);
    return record;
  }

  update(type: SObjectType, record: SObjectRecord, values: Record<string, unknown>, nowIso: string): void {
    Object.assign(record, this.#checkFields(type, values), { LastModifiedDate: nowIso });
  }

  newId(type: SObjectType): string {
    return `${type.keyPrefix}Dr${String(this.#nextId++).padStart(10, "0")}AAA`;
  }

  #checkFields(type: SObjectType, values: Record<string, unknown>): Record<string, unknown> {
    const checked: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(values)) {
      if (field === "attributes") continue;
      const canonical = Object.keys(type.fields).find((name) => name.toLowerCase() === field.toLowerCase());
      if (canonical === undefined || canonical === "Id" || canonical === "CreatedDate" || canonical === "LastModifiedDate") {
        throw RestErrors.invalidField(field, type.name);
      }
      checked[canonical] = coerce(type.fields[canonical]!, value, field);
    }
    return checked;
  }
}

function coerce(fieldType: FieldType, value: unknown, field: string): unknown {
  if (value === null) return null;
  const fail = (): never => {
    throw RestErrors.jsonParser(
      `Cannot deserialize instance of ${fieldType.split(":")[0]} from ${typeof value === "string" ? "VALUE_STRING" : "VALUE_" + typeof value} value ${JSON.stringify(value)} or request may be missing a required field at [line:1, column:1] (field ${field})`,
    );
  };
  switch (fieldType) {
    case "double":
      return typeof value === "number" || (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) ? Number(value) : fail();
    case "boolean":
      return typeof value === "boolean" ? value : fail();
    case "date":
      return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : fail();
    case "datetime":
      return typeof value === "string" && !Number.isNaN(Date.parse(value)) ? value : fail();
    default:
      return typeof value === "string" && value.length <= 131_072 ? value : fail();
  }
}
