import { describe, expect, it } from "vitest";
import { param, parseParams } from "./params.ts";

const specs = { status: param.oneOf([429, 503] as const, 503), latencyMs: param.integer(100, 0, 1_000), rate: param.number(1, 0, 1), on: param.boolean(false), ip: param.string("") };

describe("parseParams", () => {
  it("fills defaults and accepts strings for numbers and booleans (as query strings carry them)", () => {
    expect(parseParams("k", specs, {})).toEqual({ status: 503, latencyMs: 100, rate: 1, on: false, ip: "" });
    expect(parseParams("k", specs, { status: "429", latencyMs: "250", rate: "0.5", on: "true", ip: "10.0.0.1" })).toEqual({ status: 429, latencyMs: 250, rate: 0.5, on: true, ip: "10.0.0.1" });
  });

  it.each([
    [{ status: 404 }, 'fault "k": param "status" must be one of 429, 503; got 404'],
    [{ latencyMs: 1.5 }, 'fault "k": param "latencyMs" must be integer 0..1000; got 1.5'],
    [{ latencyMs: -1 }, 'fault "k": param "latencyMs" must be integer 0..1000; got -1'],
    [{ rate: 2 }, 'fault "k": param "rate" must be number 0..1; got 2'],
    [{ on: "yes" }, 'fault "k": param "on" must be true or false; got "yes"'],
    [{ colour: "red" }, 'fault "k": unknown param "colour"; allowed params: status, latencyMs, rate, on, ip'],
  ])("rejects %j naming the param and what it accepts", (input, message) => {
    expect(() => parseParams("k", specs, input)).toThrow(message);
  });

  it("rejects params that are not an object", () => {
    expect(() => parseParams("k", specs, [1])).toThrow('fault "k": params must be an object, got [1]');
  });
});
