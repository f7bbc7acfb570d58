import { arrayParam, defineAction, truthy, WhmcsActionError } from "./action.ts";

const PAYMENT_METHODS = ["stripe", "banktransfer", "mailin"];

/** AddOrder: a Pending order with one Pending service per pid[], and an Unpaid invoice unless noinvoice. */
export const addOrder = defineAction({
  run: ({ params, state }) => {
    const client = state.client(params.get("clientid"));
    if (client === undefined) throw new WhmcsActionError("Client ID Not Found");
    const paymentMethod = params.get("paymentmethod") ?? "";
    if (!PAYMENT_METHODS.includes(paymentMethod)) {
      throw new WhmcsActionError(`Invalid Payment Method. Valid options include ${PAYMENT_METHODS.join(",")}`);
    }
    const products = arrayParam(params, "pid").map((pid) => state.fixture.products.find((product) => product.pid === Number(pid)));
    if (products.length === 0 || products.includes(undefined)) throw new WhmcsActionError("Invalid Product ID");
    const now = new Date(state.clock.now()).toISOString();
    const [date, time] = [now.slice(0, 10), now.slice(11, 19)];
    const orderId = state.nextId(state.orders, 5_000);
    const noInvoice = truthy(params.get("noinvoice"));
    const invoiceId = noInvoice ? 0 : state.nextId(state.invoices, 9_000);
    const serviceIds = products.map((product) => {
      const id = state.nextId(state.services, 7_000);
      state.services.push({ id, clientid: client.id, orderid: orderId, pid: product!.pid, regdate: date, status: "Pending", billingcycle: product!.billingcycle, recurringamount: product!.recurringamount, nextduedate: date, customfields: {} });
      return id;
    });
    const total = products.reduce((sum, product) => sum + Number(product!.recurringamount), 0).toFixed(2);
    state.orders.push({ id: orderId, userid: client.id, date: `${date} ${time}`, status: "Pending", invoiceid: invoiceId, paymentmethod: paymentMethod, amount: total });
    if (!noInvoice) {
      state.invoices.push({ id: invoiceId, userid: client.id, date, duedate: date, datepaid: "0000-00-00 00:00:00", subtotal: total, total, status: "Unpaid", paymentmethod: paymentMethod });
    }
    return { orderid: orderId, serviceids: serviceIds.join(","), addonids: "", domainids: "", ...(!noInvoice && { invoiceid: invoiceId }) };
  },
});
