import { describe, expect, it } from "vitest";
import { iccidFor, orderReferenceOf } from "./order-reference.ts";

describe("orderReferenceOf", () => {
  it("reads the portal's order id and the Salesforce Order id", () => {
    expect(orderReferenceOf({ Portal_Order_Id__c: 4, Order_Id__c: "801Dr0000000004AAA" })).toEqual({ id: 4, sfOrderId: "801Dr0000000004AAA" });
  });

  it("accepts the number field as a string and either field alone", () => {
    expect(orderReferenceOf({ Portal_Order_Id__c: "10" })).toEqual({ id: 10 });
    expect(orderReferenceOf({ Order_Id__c: "801Dr0000000010" })).toEqual({ sfOrderId: "801Dr0000000010" });
  });

  it("ignores malformed values and says so with undefined", () => {
    expect(orderReferenceOf({ Portal_Order_Id__c: 4.5, Order_Id__c: "not-an-id" })).toBeUndefined();
    expect(orderReferenceOf({ Portal_Order_Id__c: -1 })).toBeUndefined();
    expect(orderReferenceOf({})).toBeUndefined();
  });
});

describe("iccidFor", () => {
  it("makes the seed's 19-digit ICCIDs", () => {
    expect(iccidFor(1)).toBe("8981100000000000001");
    expect(iccidFor(38)).toMatch(/^\d{19}$/);
  });
});
