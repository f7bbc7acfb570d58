import { describe, expect, it } from "vitest";
import { FiredrillError } from "../errors.ts";
import { parseReporters, REPORTERS } from "./registry.ts";

function errorOf(run: () => unknown): FiredrillError {
  try {
    run();
  } catch (error) {
    if (error instanceof FiredrillError) return error;
    throw error;
  }
  throw new Error("expected a FiredrillError");
}

describe("parseReporters", () => {
  it("knows five reporters", () => {
    expect(REPORTERS).toEqual(["console", "json", "junit", "markdown", "html"]);
  });

  it("reads a comma-separated list or a repeated option: trimmed, repeats dropped, empty items skipped", () => {
    expect(parseReporters("console,junit")).toEqual(["console", "junit"]);
    expect(parseReporters(" junit , json,junit,")).toEqual(["junit", "json"]);
    expect(parseReporters(["markdown", "console,json"])).toEqual(["markdown", "console", "json"]);
  });

  it("names the bad value and the allowed ones", () => {
    const error = errorOf(() => parseReporters("console,xml"));
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toBe('reporter "xml" is not known (in "console,xml"): use one or more of console, json, junit, markdown, html, separated by commas');
    expect(errorOf(() => parseReporters("toString")).message).toMatch(/^reporter "toString" is not known/);
    expect(errorOf(() => parseReporters(" , ")).message).toBe('no reporter given in " , ": use one or more of console, json, junit, markdown, html, separated by commas');
  });
});
