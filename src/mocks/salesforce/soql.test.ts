import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { OrgFixture } from "./org-fixture.ts";
import { OrgStore } from "./org-store.ts";
import { parseSoql, SoqlSyntaxError } from "./soql.ts";
import { runSoql } from "./soql-eval.ts";

const org = new OrgStore(JSON.parse(readFileSync(new URL("../../../fixtures/mocks/salesforce/org.json", import.meta.url), "utf8")) as OrgFixture);
const run = (soql: string) => runSoql(org, soql, (type, id) => `/${type}/${id}`);

describe("parseSoql", () => {
  it("parses fields, parent fields, nested conditions, ORDER BY, LIMIT, OFFSET", () => {
    const query = parseSoql("SELECT Id, Account.Name FROM Order WHERE (Status = 'A\\'s' OR NOT Portal_Order_Id__c > 3) AND EffectiveDate >= 2026-11-01 ORDER BY Id DESC LIMIT 5 OFFSET 1");
    expect(query).toMatchObject({ count: false, object: "Order", limit: 5, offset: 1, orderBy: [{ field: { path: ["Id"] }, descending: true }] });
    expect(query.fields.map((field) => field.path)).toEqual([["Id"], ["Account", "Name"]]);
    expect(query.where).toMatchObject({ kind: "and", left: { kind: "or", left: { kind: "compare", value: "A's" } }, right: { op: ">=", value: { date: "2026-11-01" } } });
  });

  it.each([
    ["SELECT FROM Account", "FROM", 8],
    ["SELECT Id FROMM Account", "FROMM", 11],
    ["SELECT Id FROM Account WHERE", "<EOF>", 29],
    ["SELECT Id FROM Account WHERE Name ~ 'x'", "~", 35],
    ["SELECT Id FROM Account LIMIT -1", "-1", 30],
  ])("reports %s at the offending token", (soql, token, column) => {
    const error = (() => {
      try {
        parseSoql(soql);
      } catch (caught) {
        return caught;
      }
    })() as SoqlSyntaxError;
    expect(error).toBeInstanceOf(SoqlSyntaxError);
    expect([error.token, error.column]).toEqual([token, column]);
  });
});

describe("runSoql", () => {
  it("compares text case-insensitively, handles null, IN, LIKE, COUNT() and LIMIT", () => {
    expect(run("SELECT Id FROM Order WHERE Status = 'PENDING REVIEW'").totalSize).toBe(6);
    expect(run("SELECT Id FROM Order WHERE MSISDN__c != null AND SIM_Type__c IN ('esim')").records.map((r) => r.Id)).toContain("801Dr0000000001AAA");
    expect(run("SELECT COUNT() FROM Account WHERE Name LIKE '%kim'")).toEqual({ totalSize: 1, done: true, records: [] });
    expect(run("SELECT Id FROM Account ORDER BY Name DESC LIMIT 1").records).toEqual([{ attributes: { type: "Account", url: "/Account/001Dr0000000008AAA" }, Id: "001Dr0000000008AAA" }]); // Yuto Nakamura
  });

  it("answers the REST errors for unknown objects, fields and relationships", () => {
    expect(() => run("SELECT Id FROM Nope__c")).toThrow(expect.objectContaining({ status: 400, errors: [expect.objectContaining({ errorCode: "INVALID_TYPE" })] }));
    expect(() => run("SELECT Nope FROM Order")).toThrow(expect.objectContaining({ errors: [expect.objectContaining({ errorCode: "INVALID_FIELD" })] }));
    expect(() => run("SELECT Id FROM Order WHERE Owner.Name = 'x'")).toThrow(expect.objectContaining({ errors: [expect.objectContaining({ errorCode: "INVALID_FIELD" })] }));
    expect(() => run("SELECT Id FROM OrderProvisionRequested__e")).toThrow(expect.objectContaining({ errors: [expect.objectContaining({ errorCode: "INVALID_TYPE" })] }));
  });
});
