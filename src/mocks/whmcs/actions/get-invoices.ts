import { asStrings, page, wrapped } from "../format.ts";
import { defineAction } from "./action.ts";

/** GetInvoices: by userid and status, newest first as WHMCS orders them by default. */
export const getInvoices = defineAction({
  run: ({ params, state }) => {
    const userId = params.get("userid");
    const status = params.get("status")?.toLowerCase();
    const rows = state.invoices
      .filter((invoice) => (userId === null || invoice.userid === Number(userId)) && (!status || invoice.status.toLowerCase() === status))
      .sort((a, b) => b.id - a.id);
    const { slice, meta } = page(rows, params);
    const { currency } = state.fixture;
    const invoices = slice.map((invoice) => {
      const client = state.client(invoice.userid);
      return {
        ...asStrings({ id: invoice.id, userid: invoice.userid }),
        firstname: client?.firstname ?? "",
        lastname: client?.lastname ?? "",
        companyname: client?.companyname ?? "",
        invoicenum: "",
        date: invoice.date,
        duedate: invoice.duedate,
        datepaid: invoice.datepaid,
        subtotal: invoice.subtotal,
        credit: "0.00",
        tax: "0.00",
        tax2: "0.00",
        total: invoice.total,
        taxrate: "0.00",
        taxrate2: "0.00",
        status: invoice.status,
        paymentmethod: invoice.paymentmethod,
        notes: "",
        currencycode: currency.code,
        currencyprefix: currency.prefix,
        currencysuffix: currency.suffix,
      };
    });
    return { ...meta, ...wrapped("invoices", "invoice", invoices) };
  },
});
