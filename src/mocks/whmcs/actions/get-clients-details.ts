import { asStrings } from "../format.ts";
import { defineAction, WhmcsActionError } from "./action.ts";

/** GetClientsDetails: by clientid or email; the client's fields both flat and under `client`, as WHMCS keeps them for old integrations. */
export const getClientsDetails = defineAction({
  run: ({ params, state }) => {
    const email = params.get("email")?.toLowerCase();
    const client = email ? state.clients.find((candidate) => candidate.email === email) : state.client(params.get("clientid"));
    if (client === undefined) throw new WhmcsActionError("Client Not Found");
    const { currency } = state.fixture;
    const details = {
      ...asStrings({ id: client.id, firstname: client.firstname, lastname: client.lastname, companyname: client.companyname, email: client.email }),
      fullname: `${client.firstname} ${client.lastname}`,
      countrycode: client.country,
      country: client.country,
      status: client.status,
      datecreated: client.datecreated,
      currency: client.currency,
      currency_code: currency.code,
    };
    return { userid: client.id, client_id: String(client.id), id: client.id, ...details, client: details };
  },
});
