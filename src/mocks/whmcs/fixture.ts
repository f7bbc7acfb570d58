/** The shape of fixtures/mocks/whmcs.json. */
export interface WhmcsFixture {
  readonly version: string;
  readonly apiCredentials: readonly { identifier: string; secret: string; adminUser: string; allowedActions: readonly string[] }[];
  readonly allowedIps: readonly string[];
  /** $api_access_key in configuration.php: lets a caller from any IP in. */
  readonly accessKey: string | null;
  readonly currency: { readonly code: string; readonly prefix: string; readonly suffix: string };
  /** Every seeded client's password (ValidateLogin). */
  readonly clientPassword: string;
  readonly products: readonly { pid: number; name: string; planCode: string; groupname: string; recurringamount: string; billingcycle: string }[];
  readonly clients: readonly WhmcsClient[];
  readonly orders: readonly WhmcsOrder[];
  readonly services: readonly WhmcsService[];
  readonly invoices: readonly WhmcsInvoice[];
  readonly paymethods: readonly WhmcsPayMethod[];
}

export interface WhmcsClient {
  id: number;
  firstname: string;
  lastname: string;
  companyname: string;
  email: string;
  datecreated: string;
  status: string;
  country: string;
  currency: number;
}

export interface WhmcsOrder {
  id: number;
  userid: number;
  date: string;
  status: string;
  invoiceid: number;
  paymentmethod: string;
  amount: string;
}

export interface WhmcsService {
  id: number;
  clientid: number;
  orderid: number;
  pid: number;
  regdate: string;
  status: string;
  billingcycle: string;
  recurringamount: string;
  nextduedate: string;
  customfields: Record<string, string>;
}

export interface WhmcsInvoice {
  id: number;
  userid: number;
  date: string;
  duedate: string;
  datepaid: string;
  subtotal: string;
  total: string;
  status: string;
  paymentmethod: string;
}

export interface WhmcsPayMethod {
  id: number;
  clientid: number;
  type: string;
  description: string;
  gateway_name: string;
  card_type: string;
  card_last_four: string;
  expiry_date: string;
  last_updated: string;
}
