import { describe, expect, it } from "vitest";
import { JsonNumber, parseGoJson } from "./go-json.ts";

const errorOf = (text: string) => {
  try {
    parseGoJson(text);
  } catch (error) {
    return (error as Error).message;
  }
  return "no error";
};

describe("parseGoJson", () => {
  it("reads values, keeping number literals", () => {
    const value = parseGoJson(' {"a": [1, 2.5e3, true, null, "x\\n"], "b": {}} ') as Record<string, unknown>;
    expect(value.b).toEqual({});
    const list = value.a as unknown[];
    expect(list[1]).toBeInstanceOf(JsonNumber);
    expect((list[1] as JsonNumber).raw).toBe("2.5e3");
    expect(list.slice(2)).toEqual([true, null, "x\n"]);
  });

  it("reads only the first value, like Go's Decoder", () => {
    expect(parseGoJson('{"a":1} trailing')).toEqual({ a: new JsonNumber("1") });
  });

  it("words syntax errors as Go does", () => {
    expect(errorOf("")).toBe("EOF");
    expect(errorOf("   ")).toBe("EOF");
    expect(errorOf('{"name":')).toBe("unexpected EOF");
    expect(errorOf("nope")).toBe("invalid character 'o' in literal null (expecting 'u')");
    expect(errorOf("x")).toBe("invalid character 'x' looking for beginning of value");
    expect(errorOf("{name}")).toBe("invalid character 'n' looking for beginning of object key string");
    expect(errorOf('{"a" 1}')).toBe("invalid character '1' after object key");
    expect(errorOf('{"a":1 "b"}')).toBe("invalid character '\"' after object key:value pair");
    expect(errorOf("[1 2]")).toBe("invalid character '2' after array element");
    expect(errorOf("1.x")).toBe("invalid character 'x' after decimal point in numeric literal");
    expect(errorOf('"a\\q"')).toBe("invalid character 'q' in string escape code");
    expect(errorOf('"a\u0001"')).toBe("invalid character '\\u0001' in string literal");
  });
});
