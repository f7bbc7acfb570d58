/**
 * A JSON reader that fails the way Go's encoding/json Decoder does, so that
 * `bad request body: …` errors read as the real Toxiproxy's. Like the
 * Decoder, it reads the first value and ignores what follows it. Numbers keep
 * their literal text, since Go refuses `1.5` (and `1.0`) for an int64 field.
 */
export class JsonNumber {
  constructor(readonly raw: string) {}
  get value(): number {
    return Number(this.raw);
  }
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | { [key: string]: JsonValue };

export class JsonSyntaxError extends Error {}

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);

/** Go's quoteChar: the offending character as it appears in the message. */
function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return "'\"'";
  const quoted = JSON.stringify(c);
  return `'${quoted.slice(1, -1)}'`;
}

export function parseGoJson(text: string): JsonValue {
  let i = 0;
  const eof = () => i >= text.length;
  const skip = () => {
    while (!eof() && WHITESPACE.has(text[i]!)) i += 1;
  };
  const fail = (context: string): never => {
    if (eof()) throw new JsonSyntaxError("unexpected EOF");
    throw new JsonSyntaxError(`invalid character ${quoteChar(text[i]!)} ${context}`);
  };

  const literal = (word: string, value: JsonValue): JsonValue => {
    for (let k = 1; k < word.length; k += 1) {
      i += 1;
      if (text[i] !== word[k]) fail(`in literal ${word} (expecting ${quoteChar(word[k]!)})`);
    }
    i += 1;
    return value;
  };

  const number = (): JsonNumber => {
    const start = i;
    if (text[i] === "-") i += 1;
    if (text[i] === "0") i += 1;
    else if (/[1-9]/.test(text[i] ?? "")) while (/[0-9]/.test(text[i] ?? "")) i += 1;
    else fail("in numeric literal");
    if (text[i] === ".") {
      i += 1;
      if (!/[0-9]/.test(text[i] ?? "")) fail("after decimal point in numeric literal");
      while (/[0-9]/.test(text[i] ?? "")) i += 1;
    }
    if (text[i] === "e" || text[i] === "E") {
      i += 1;
      if (text[i] === "+" || text[i] === "-") i += 1;
      if (!/[0-9]/.test(text[i] ?? "")) fail("in exponent of numeric literal");
      while (/[0-9]/.test(text[i] ?? "")) i += 1;
    }
    return new JsonNumber(text.slice(start, i));
  };

  const string = (): string => {
    const start = i;
    i += 1;
    while (!eof()) {
      const c = text[i]!;
      if (c === '"') {
        i += 1;
        return JSON.parse(text.slice(start, i)) as string;
      }
      if (c < " ") fail("in string literal");
      if (c === "\\") {
        i += 1;
        const e = text[i];
        if (e === "u") {
          for (let k = 0; k < 4; k += 1) {
            i += 1;
            if (!/[0-9a-fA-F]/.test(text[i] ?? "")) fail("in \\u hexadecimal character escape");
          }
        } else if (e === undefined || !'"\\/bfnrt'.includes(e)) {
          fail("in string escape code");
        }
      }
      i += 1;
    }
    return fail("");
  };

  const value = (): JsonValue => {
    skip();
    const c = text[i];
    if (c === "{") return object();
    if (c === "[") return array();
    if (c === '"') return string();
    if (c === "t") return literal("true", true);
    if (c === "f") return literal("false", false);
    if (c === "n") return literal("null", null);
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return number();
    return fail("looking for beginning of value");
  };

  const object = (): JsonValue => {
    const result: { [key: string]: JsonValue } = {};
    i += 1;
    skip();
    if (text[i] === "}") {
      i += 1;
      return result;
    }
    for (;;) {
      skip();
      if (text[i] !== '"') fail("looking for beginning of object key string");
      const key = string();
      skip();
      if (text[i] !== ":") fail("after object key");
      i += 1;
      result[key] = value();
      skip();
      if (text[i] === ",") {
        i += 1;
        continue;
      }
      if (text[i] === "}") {
        i += 1;
        return result;
      }
      fail("after object key:value pair");
    }
  };

  const array = (): JsonValue => {
    const result: JsonValue[] = [];
    i += 1;
    skip();
    if (text[i] === "]") {
      i += 1;
      return result;
    }
    for (;;) {
      result.push(value());
      skip();
      if (text[i] === ",") {
        i += 1;
        continue;
      }
      if (text[i] === "]") {
        i += 1;
        return result;
      }
      fail("after array element");
    }
  };

  skip();
  if (eof()) throw new JsonSyntaxError("EOF");
  return value();
}

/** Go's name for a JSON value's kind in unmarshal errors: `string`, `number 1.5`, `object`, … */
export function goKind(value: JsonValue): string {
  if (value instanceof JsonNumber) return `number ${value.raw}`;
  if (Array.isArray(value)) return "array";
  if (value === null) return "null";
  if (typeof value === "object") return "object";
  return typeof value === "boolean" ? "bool" : "string";
}
