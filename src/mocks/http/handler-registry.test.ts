import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { HandlerRegistry } from "./handler-registry.ts";

const handler = (name: string) => http.get(`/${name}`, () => HttpResponse.text(name));
const names = (registry: HandlerRegistry) => registry.list().map((entry) => String(entry.info.header));

describe("HandlerRegistry", () => {
  it("puts the newest override first and removes overrides one at a time, in any order", () => {
    const registry = new HandlerRegistry([handler("base")]);
    const removeA = registry.override(handler("a"));
    const removeB = registry.override(handler("b"), handler("b2"));
    expect(names(registry)).toEqual(["GET /b", "GET /b2", "GET /a", "GET /base"]);
    removeA();
    expect(names(registry)).toEqual(["GET /b", "GET /b2", "GET /base"]);
    removeA();
    removeB();
    expect(names(registry)).toEqual(["GET /base"]);
  });

  it("replaces its base handlers on reset and drops overrides", () => {
    const registry = new HandlerRegistry([handler("base")]);
    registry.override(handler("a"));
    registry.reset([handler("fresh")]);
    expect(names(registry)).toEqual(["GET /fresh"]);
    registry.override(handler("b"))();
    expect(names(registry)).toEqual(["GET /fresh"]);
  });
});
