/** The external systems the portal depends on, each mocked on its own port. */
export const SYSTEMS = ["salesforce", "whmcs", "freebit"] as const;
export type SystemName = (typeof SYSTEMS)[number];

export function isSystemName(value: unknown): value is SystemName {
  return typeof value === "string" && (SYSTEMS as readonly string[]).includes(value);
}
