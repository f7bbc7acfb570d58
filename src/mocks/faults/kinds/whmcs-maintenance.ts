import { http } from "msw";
import { contextOf } from "../../http/request-context.ts";
import { maintenancePage } from "../../whmcs/mock.ts";
import { defineFault } from "../fault.ts";

/** WHMCS (or the host's WAF) answers every call with an HTML maintenance page and HTTP 200. */
export const whmcsMaintenance = defineFault({
  description: "answer every WHMCS call with an HTML maintenance page (HTTP 200)",
  systems: ["whmcs"],
  params: {},
  inject: (target) => {
    target.override(
      http.all("*", ({ request }) => {
        target.mark(contextOf(request));
        return maintenancePage();
      }),
    );
  },
});
