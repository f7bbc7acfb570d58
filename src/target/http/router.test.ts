import { describe, expect, it } from "vitest";
import { Router } from "./router.ts";

const handler = async () => ({ status: 200 });

describe("Router", () => {
  const router = new Router().get("/orders", handler).get("/orders/stream", handler).get("/customers/:id", handler).post("/auth/login", handler);

  it("matches templates and decodes parameters", () => {
    expect(router.match("GET", "/customers/17")).toMatchObject({ kind: "found", template: "/customers/:id", params: { id: "17" } });
    expect(router.match("GET", "/orders/stream")).toMatchObject({ kind: "found", template: "/orders/stream" });
    expect(router.match("GET", "/orders/")).toMatchObject({ kind: "found", template: "/orders" });
    expect(router.match("HEAD", "/orders")).toMatchObject({ kind: "found" });
  });

  it("tells a wrong method from an unknown path", () => {
    expect(router.match("GET", "/auth/login")).toEqual({ kind: "method-not-allowed", allowed: ["POST"] });
    expect(router.match("GET", "/customers/1/orders")).toEqual({ kind: "not-found" });
  });
});
