import { acceptOrder } from "./accept-order.ts";
import type { WhmcsAction } from "./action.ts";
import { addOrder } from "./add-order.ts";
import { createSsoToken } from "./create-sso-token.ts";
import { getClients } from "./get-clients.ts";
import { getClientsDetails } from "./get-clients-details.ts";
import { getClientsProducts } from "./get-clients-products.ts";
import { getInvoices } from "./get-invoices.ts";
import { getPayMethods } from "./get-pay-methods.ts";
import { validateLogin } from "./validate-login.ts";

/** The API actions the mock implements, by WHMCS's name (matched case-insensitively, as WHMCS does). */
export const whmcsActions = {
  GetClients: getClients,
  GetClientsDetails: getClientsDetails,
  GetClientsProducts: getClientsProducts,
  GetInvoices: getInvoices,
  GetPayMethods: getPayMethods,
  AddOrder: addOrder,
  AcceptOrder: acceptOrder,
  CreateSsoToken: createSsoToken,
  ValidateLogin: validateLogin,
} as const satisfies Record<string, WhmcsAction>;

export type WhmcsActionName = keyof typeof whmcsActions;

export function findAction(name: string | null): [WhmcsActionName, WhmcsAction] | undefined {
  const lower = name?.toLowerCase();
  const key = (Object.keys(whmcsActions) as WhmcsActionName[]).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? undefined : [key, whmcsActions[key]];
}
