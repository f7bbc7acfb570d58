import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { projectPath } from "../paths.ts";
import { PENDING_REVIEW_ORDERS, SEEDED_ACCOUNTS } from "./seed.ts";

const seed = readFileSync(projectPath("fixtures", "portal", "seed.sql"), "utf8");

describe("the traffic's view of the seeded database", () => {
  it("logs in as exactly the seed's active customers", () => {
    const active = [...seed.matchAll(/^\s*\((\d+), '([^']+@example\.com)', '[^']*', '[^']*', 'active'/gm)].map(([, id, email]) => ({ customerId: Number(id), email }));
    expect(active).toHaveLength(18);
    expect(SEEDED_ACCOUNTS).toEqual(active);
  });

  it("approves exactly the seed's Pending Review orders, with their Salesforce ids", () => {
    const pending = [...seed.matchAll(/^\s*\((\d+), \d+, 'Pending Review', '[^']*', '[^']*', NULL, NULL, '(\w+)'/gm)].map(([, id, sfOrderId]) => ({ orderId: Number(id), sfOrderId }));
    expect(pending).toHaveLength(6);
    expect(PENDING_REVIEW_ORDERS).toEqual(pending);
  });
});
