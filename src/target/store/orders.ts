import type { Queryable } from "./database.ts";

export const ORDER_STATUSES = ["Draft", "Pending Review", "Approved", "Provisioning", "Provisioned", "Failed", "Cancelled"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface Order {
  readonly id: number;
  readonly customerId: number;
  readonly status: OrderStatus;
  readonly planCode: string;
  readonly simType: "physical" | "esim";
  readonly iccid: string | null;
  readonly msisdn: string | null;
  readonly sfOrderId: string | null;
  readonly whmcsOrderId: number | null;
  readonly submittedAt: string | null;
  readonly provisionedAt: string | null;
  readonly updatedAt: string;
}

interface OrderRow {
  id: string;
  customer_id: string;
  status: OrderStatus;
  plan_code: string;
  sim_type: Order["simType"];
  iccid: string | null;
  msisdn: string | null;
  sf_order_id: string | null;
  whmcs_order_id: number | null;
  submitted_at: Date | null;
  provisioned_at: Date | null;
  updated_at: Date;
}

const COLUMNS = "id, customer_id, status, plan_code, sim_type, iccid, msisdn, sf_order_id, whmcs_order_id, submitted_at, provisioned_at, updated_at";

function toOrder(row: OrderRow): Order {
  return {
    id: Number(row.id),
    customerId: Number(row.customer_id),
    status: row.status,
    planCode: row.plan_code,
    simType: row.sim_type,
    iccid: row.iccid,
    msisdn: row.msisdn,
    sfOrderId: row.sf_order_id,
    whmcsOrderId: row.whmcs_order_id,
    submittedAt: row.submitted_at?.toISOString() ?? null,
    provisionedAt: row.provisioned_at?.toISOString() ?? null,
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function listOrders(db: Queryable, customerId: number): Promise<Order[]> {
  const rows = await db.query<OrderRow>(`SELECT ${COLUMNS} FROM orders WHERE customer_id = $1 ORDER BY id`, [customerId]);
  return rows.map(toOrder);
}

/** By the portal's id or by Salesforce's (15- or 18-character ids name the same record). */
export async function findOrder(db: Queryable, by: { id?: number; sfOrderId?: string }): Promise<Order | undefined> {
  if (by.id !== undefined) {
    const [row] = await db.query<OrderRow>(`SELECT ${COLUMNS} FROM orders WHERE id = $1`, [by.id]);
    return row === undefined ? undefined : toOrder(row);
  }
  if (by.sfOrderId === undefined) return undefined;
  const [row] = await db.query<OrderRow>(`SELECT ${COLUMNS} FROM orders WHERE left(sf_order_id, 15) = left($1, 15)`, [by.sfOrderId]);
  return row === undefined ? undefined : toOrder(row);
}

export async function saveWhmcsOrder(db: Queryable, orderId: number, whmcsOrderId: number): Promise<void> {
  await db.query("UPDATE orders SET whmcs_order_id = $2, updated_at = now() WHERE id = $1", [orderId, whmcsOrderId]);
}

export async function saveSim(db: Queryable, orderId: number, sim: { iccid: string; msisdn: string }): Promise<void> {
  await db.query("UPDATE orders SET iccid = $2, msisdn = $3, updated_at = now() WHERE id = $1", [orderId, sim.iccid, sim.msisdn]);
}

/** Moves an order from `from` to `to`; false when it was no longer in `from` (someone else moved it). */
export async function moveOrder(db: Queryable, orderId: number, from: OrderStatus, to: OrderStatus): Promise<boolean> {
  const stamps = to === "Provisioned" ? ", approved_at = coalesce(approved_at, now()), provisioned_at = now()" : "";
  const rows = await db.query(`UPDATE orders SET status = $3, updated_at = now()${stamps} WHERE id = $1 AND status = $2 RETURNING id`, [orderId, from, to]);
  return rows.length === 1;
}
