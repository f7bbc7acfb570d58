/** The shape of fixtures/mocks/salesforce/org.json. */
export type FieldType = "id" | "string" | "double" | "boolean" | "date" | "datetime" | `reference:${string}`;

export interface SObjectTypeFixture {
  readonly keyPrefix: string;
  readonly platformEvent?: boolean;
  readonly fields: Readonly<Record<string, FieldType>>;
  readonly required: readonly string[];
}

export interface UserFixture {
  readonly Id: string;
  readonly Username: string;
  readonly Name: string;
  readonly Email: string;
  readonly IsActive: boolean;
  /** Admin pre-approved the Connected App for this user's profile (JWT bearer needs it). */
  readonly preAuthorized: boolean;
}

export interface OrgFixture {
  readonly organizationId: string;
  readonly apiVersions: { readonly min: string; readonly max: string };
  readonly dailyApiRequestLimit: number;
  readonly connectedApp: {
    readonly name: string;
    readonly consumerKey: string;
    /** Relative to the fixtures directory. */
    readonly publicKeyFile: string;
    readonly privateKeyFile: string;
  };
  readonly users: readonly UserFixture[];
  readonly sobjects: Readonly<Record<string, SObjectTypeFixture>>;
  readonly records: Readonly<Record<string, readonly Record<string, unknown>[]>>;
}
