/** Which order a Platform Event names: the portal's id, Salesforce's, or both. */
export interface OrderReference {
  readonly id?: number;
  readonly sfOrderId?: string;
}

const SF_ID = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;

/**
 * Reads an OrderProvisionRequested__e payload (fixtures/mocks/salesforce/org.json):
 * `Portal_Order_Id__c` (a number field, so maybe 4 or "4" or 4.0) and
 * `Order_Id__c` (the Salesforce Order id). Undefined when it names neither.
 */
export function orderReferenceOf(payload: Record<string, unknown>): OrderReference | undefined {
  const rawId = payload.Portal_Order_Id__c;
  const id = typeof rawId === "number" || (typeof rawId === "string" && rawId.trim() !== "") ? Number(rawId) : Number.NaN;
  const rawSf = payload.Order_Id__c;
  const sfOrderId = typeof rawSf === "string" && SF_ID.test(rawSf) ? rawSf : undefined;
  const reference = { ...(Number.isSafeInteger(id) && id > 0 && { id }), ...(sfOrderId !== undefined && { sfOrderId }) };
  return Object.keys(reference).length === 0 ? undefined : reference;
}

/** The ICCID the portal allocates to an order's SIM: 89811 (Japan, the MVNO's issuer) and the order id, 19 digits. */
export function iccidFor(orderId: number): string {
  return `89811${String(orderId).padStart(14, "0")}`;
}
