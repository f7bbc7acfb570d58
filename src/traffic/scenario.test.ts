import { describe, expect, it } from "vitest";
import { ROUTES, routeOf, sessionScript } from "./scenario.ts";

describe("a customer's session", () => {
  it("logs in, reads billing and orders, opens the order stream, browses, logs out", () => {
    expect(sessionScript(5)).toEqual(["login", "invoices", "paymentMethods", "orders", "stream", "orders", "invoices", "logout"]);
  });

  it("has the page views asked for, never fewer than the three first pages", () => {
    const pages = (script: readonly string[]) => script.filter((step) => !["login", "stream", "logout"].includes(step)).length;
    expect(pages(sessionScript(20))).toBe(20);
    expect(sessionScript(0)).toEqual(["login", "invoices", "paymentMethods", "orders", "stream", "logout"]);
  });

  it("names routes as the portal's log does", () => {
    expect(routeOf("paymentMethods")).toBe("GET /billing/payment-methods");
    expect(ROUTES).toEqual(["POST /auth/login", "GET /billing/invoices", "GET /billing/payment-methods", "GET /orders", "GET /orders/stream", "POST /auth/logout"]);
  });
});
