import type { Queryable } from "./database.ts";

export interface Customer {
  readonly id: number;
  readonly email: string;
  readonly fullName: string;
  readonly status: "active" | "locked" | "closed";
  readonly whmcsClientId: number | null;
  readonly sfAccountId: string | null;
  readonly passwordHash: string;
}

const COLUMNS = "id, email, full_name, status, whmcs_client_id, sf_account_id, password_hash";

interface CustomerRow {
  id: string;
  email: string;
  full_name: string;
  status: Customer["status"];
  whmcs_client_id: number | null;
  sf_account_id: string | null;
  password_hash: string;
}

function toCustomer(row: CustomerRow): Customer {
  return {
    id: Number(row.id),
    email: row.email,
    fullName: row.full_name,
    status: row.status,
    whmcsClientId: row.whmcs_client_id,
    sfAccountId: row.sf_account_id,
    passwordHash: row.password_hash,
  };
}

export async function findCustomerByEmail(db: Queryable, email: string): Promise<Customer | undefined> {
  const [row] = await db.query<CustomerRow>(`SELECT ${COLUMNS} FROM customers WHERE email = $1`, [email.toLowerCase()]);
  return row === undefined ? undefined : toCustomer(row);
}

export async function findCustomerById(db: Queryable, id: number): Promise<Customer | undefined> {
  const [row] = await db.query<CustomerRow>(`SELECT ${COLUMNS} FROM customers WHERE id = $1`, [id]);
  return row === undefined ? undefined : toCustomer(row);
}

/** What a customer may see of their own record. */
export function publicCustomer(customer: Customer) {
  return { id: customer.id, email: customer.email, fullName: customer.fullName, status: customer.status };
}
