import { defineAction, truthy, WhmcsActionError } from "./action.ts";

/** AcceptOrder: Pending → Active; its services go Active only with autosetup (module provisioning). */
export const acceptOrder = defineAction({
  run: ({ params, state }) => {
    const order = state.orders.find((candidate) => candidate.id === Number(params.get("orderid")));
    if (order === undefined || order.status !== "Pending") throw new WhmcsActionError("Order ID not found or Status not Pending");
    order.status = "Active";
    if (truthy(params.get("autosetup"))) {
      for (const service of state.services) if (service.orderid === order.id) service.status = "Active";
    }
    return {};
  },
});
