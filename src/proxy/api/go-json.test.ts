import { describe, expect, it } from "vitest";
import { JsonNumber, JsonObject, parseGoJson } from "./go-json.ts";

const errorOf = (text: string | Uint8Array) => {
  try {
    parseGoJson(text);
  } catch (error) {
    return (error as Error).message;
  }
  return "no error";
};

describe("parseGoJson", () => {
  it("reads values, keeping number literals", () => {
    const value = parseGoJson(' {"a": [1, 2.5e3, true, null, "x\\n"], "b": {}} ') as JsonObject;
    const [[, list], [, empty]] = value.entries as [[string, unknown[]], [string, JsonObject]];
    expect(empty.entries).toEqual([]);
    expect(list[1]).toBeInstanceOf(JsonNumber);
    expect((list[1] as JsonNumber).raw).toBe("2.5e3");
    expect(list.slice(2)).toEqual([true, null, "x\n"]);
  });

  it("reads only the first value, like Go's Decoder", () => {
    expect(parseGoJson('{"a":1} trailing')).toEqual(new JsonObject([["a", new JsonNumber("1")]]));
  });

  it("keeps every key in document order, __proto__ and duplicates included", () => {
    const value = parseGoJson('{"__proto__": {"x": 1}, "a": 1, "a": 2}') as JsonObject;
    expect(value.entries.map(([key]) => key)).toEqual(["__proto__", "a", "a"]);
    expect(Object.getPrototypeOf(value)).toBe(JsonObject.prototype);
  });

  it("nests as deep as Go allows (10000) without exhausting the stack", () => {
    expect(Array.isArray(parseGoJson(`${"[".repeat(10_000)}${"]".repeat(10_000)}`))).toBe(true);
    expect(errorOf("[".repeat(10_001))).toBe("invalid character '[' exceeded max depth");
    expect(errorOf('{"a":'.repeat(10_001))).toBe("invalid character '{' exceeded max depth");
  });

  it("decodes strings as Go does: invalid UTF-8 and lone surrogates become U+FFFD", () => {
    expect(parseGoJson(Buffer.from([0x22, 0x61, 0xff, 0x22]))).toBe("a\uFFFD");
    expect(parseGoJson('"\\ud800x"')).toBe("\uFFFDx");
    expect(parseGoJson('"\\ud83d\\ude00"')).toBe("\u{1F600}");
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
    expect(errorOf('"a\u0001"')).toBe("invalid character '\\x01' in string literal");
    // Go names the offending byte, read as a rune: a gzip body, a UTF-8 BOM, a C1 byte.
    expect(errorOf(Buffer.from([0x1f, 0x8b]))).toBe("invalid character '\\x1f' looking for beginning of value");
    expect(errorOf(Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]))).toBe("invalid character 'ï' looking for beginning of value");
    expect(errorOf(Buffer.from([0x85]))).toBe("invalid character '\\u0085' looking for beginning of value");
    expect(errorOf("é")).toBe("invalid character 'Ã' looking for beginning of value");
    expect(errorOf("'")).toBe("invalid character '\\'' looking for beginning of value");
    expect(errorOf("\v")).toBe("invalid character '\\v' looking for beginning of value");
  });
});
