import { page, wrapped } from "../format.ts";
import { defineAction } from "./action.ts";

/** GetClients: search (email, name, company), status, sorting, limitstart/limitnum. */
export const getClients = defineAction({
  run: ({ params, state }) => {
    const search = params.get("search")?.toLowerCase() ?? "";
    const status = params.get("status")?.toLowerCase() ?? "";
    const descending = params.get("sorting")?.toUpperCase() === "DESC";
    const rows = state.clients
      .filter((client) => search === "" || [client.email, client.firstname, client.lastname, client.companyname].some((field) => field.toLowerCase().includes(search)))
      .filter((client) => status === "" || client.status.toLowerCase() === status)
      .sort((a, b) => (descending ? b.id - a.id : a.id - b.id));
    const { slice, meta } = page(rows, params);
    const clients = slice.map((client) => ({
      id: String(client.id),
      firstname: client.firstname,
      lastname: client.lastname,
      companyname: client.companyname,
      email: client.email,
      datecreated: client.datecreated,
      groupid: "0",
      status: client.status,
    }));
    return { ...meta, ...wrapped("clients", "client", clients) };
  },
});
