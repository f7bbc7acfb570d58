import { asStrings, page, wrapped } from "../format.ts";
import { defineAction } from "./action.ts";

/** GetClientsProducts: a client's services (here: SIM plans), with their custom fields (ICCID, MSISDN). */
export const getClientsProducts = defineAction({
  run: ({ params, state }) => {
    const clientId = params.get("clientid");
    const serviceId = params.get("serviceid");
    const pid = params.get("pid");
    const rows = state.services.filter(
      (service) =>
        (clientId === null || service.clientid === Number(clientId)) &&
        (serviceId === null || service.id === Number(serviceId)) &&
        (pid === null || service.pid === Number(pid)),
    );
    const { slice, meta } = page(rows, params, 999_999);
    const products = slice.map((service) => {
      const product = state.fixture.products.find((candidate) => candidate.pid === service.pid);
      return {
        ...asStrings({ id: service.id, clientid: service.clientid, orderid: service.orderid, pid: service.pid, serverid: 0 }),
        regdate: service.regdate,
        name: product?.name ?? "",
        translated_name: product?.name ?? "",
        groupname: product?.groupname ?? "",
        domain: "",
        dedicatedip: "",
        firstpaymentamount: service.recurringamount,
        recurringamount: service.recurringamount,
        paymentmethod: "stripe",
        paymentmethodname: "Credit Card",
        billingcycle: service.billingcycle,
        nextduedate: service.nextduedate,
        status: service.status,
        username: "",
        customfields: { customfield: Object.entries(service.customfields).map(([name, value], index) => ({ id: String(index + 1), name, translated_name: name, value })) },
        configoptions: { configoption: [] },
      };
    });
    return { clientid: clientId, serviceid: serviceId, pid, domain: params.get("domain"), ...meta, ...wrapped("products", "product", products) };
  },
});
