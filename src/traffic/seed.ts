/**
 * Who the virtual customers are and which orders the publisher approves:
 * the seeded database (fixtures/portal/seed.sql, checked by seed.test.ts).
 */
export interface Account {
  readonly customerId: number;
  readonly email: string;
}

export interface SeededOrder {
  /** The portal's orders.id, sent as Portal_Order_Id__c. */
  readonly orderId: number;
  /** The Salesforce Order id, sent as Order_Id__c. */
  readonly sfOrderId: string;
}

/** Every seeded customer's password. */
export const SEED_PASSWORD = "drill-password-1";

const EMAILS: Readonly<Record<number, string>> = {
  1: "aiko.tanaka",
  2: "haruto.sato",
  3: "yui.suzuki",
  4: "sota.takahashi",
  5: "hina.watanabe",
  6: "ren.ito",
  7: "mei.yamamoto",
  8: "yuto.nakamura",
  9: "sakura.kobayashi",
  10: "kaito.kato",
  11: "emma.wilson",
  12: "liam.brown",
  13: "olivia.garcia",
  14: "noah.smith",
  15: "mia.johnson",
  16: "lucas.martin",
  18: "mateo.rossi",
  19: "ava.muller",
};

/** The 18 active customers; #17 (locked) and #20 (closed) cannot log in. */
export const SEEDED_ACCOUNTS: readonly Account[] = Object.entries(EMAILS).map(([id, name]) => ({ customerId: Number(id), email: `${name}@example.com` }));

/** The six orders the seed leaves in "Pending Review", waiting for Salesforce's OrderProvisionRequested__e. */
export const PENDING_REVIEW_ORDERS: readonly SeededOrder[] = [4, 10, 15, 21, 27, 38].map((orderId) => ({ orderId, sfOrderId: `801Dr${String(orderId).padStart(10, "0")}AAA` }));
