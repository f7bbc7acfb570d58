import { defineAction, WhmcsActionError } from "./action.ts";

/** GetPayMethods: a client's stored cards; unlike most lists, `paymethods` is a plain array. */
export const getPayMethods = defineAction({
  run: ({ params, state }) => {
    const client = state.client(params.get("clientid"));
    if (client === undefined) throw new WhmcsActionError("Client Not Found");
    const payMethodId = params.get("paymethodid");
    const type = params.get("type")?.toLowerCase();
    const paymethods = state.paymethods
      .filter((method) => method.clientid === client.id && (payMethodId === null || method.id === Number(payMethodId)))
      .filter((method) => !type || (type === "creditcard" ? method.type.endsWith("CreditCard") : method.type.toLowerCase().includes(type)))
      .map((method) => ({
        id: method.id,
        type: method.type,
        description: method.description,
        gateway_name: method.gateway_name,
        contact_type: "Client",
        contact_id: client.id,
        card_last_four: method.card_last_four,
        expiry_date: method.expiry_date,
        start_date: "",
        issue_number: "",
        card_type: method.card_type,
        remote_token: "",
        last_updated: method.last_updated,
      }));
    return { clientid: client.id, paymethods };
  },
});
