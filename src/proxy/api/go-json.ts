/**
 * A JSON reader that fails the way Go's encoding/json Decoder does, so that
 * `bad request body: …` errors read as the real Toxiproxy's. Like the
 * Decoder, it reads the first value and ignores what follows it, works on
 * bytes (an error names the offending byte, `'ï'` for a UTF-8 BOM), and
 * refuses nesting deeper than 10000. Numbers keep their literal text, since
 * Go refuses `1.5` (and `1.0`) for an int64 field. Objects keep their keys in
 * document order, duplicates included, as Go assigns them one after another.
 */
export class JsonNumber {
  constructor(readonly raw: string) {}
  get value(): number {
    return Number(this.raw);
  }
}

export class JsonObject {
  constructor(readonly entries: readonly (readonly [string, JsonValue])[]) {}
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject;

export class JsonSyntaxError extends Error {}

/** encoding/json's maxNestingDepth. */
const MAX_DEPTH = 10_000;

const ESCAPED: Record<number, string> = { 7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r", 92: "\\\\" };

/** Go's quoteChar: a byte read as a rune and quoted as strconv.Quote does (`'\x1f'`, `'ï'`). */
function quoteChar(byte: number): string {
  if (byte === 0x27) return "'\\''";
  if (byte === 0x22) return "'\"'";
  const hex = byte.toString(16).padStart(2, "0");
  if (ESCAPED[byte] !== undefined) return `'${ESCAPED[byte]}'`;
  if (byte < 0x20 || byte === 0x7f) return `'\\x${hex}'`;
  if ((byte >= 0x80 && byte <= 0xa0) || byte === 0xad) return `'\\u00${hex}'`;
  return `'${String.fromCharCode(byte)}'`;
}

const isSpace = (c: number | undefined) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;
const isHex = (c: number | undefined) =>
  c !== undefined && (isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));
/** Go decodes an unpaired surrogate escape as U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

type Frame = { array: JsonValue[] } | { entries: (readonly [string, JsonValue])[]; key: string };

export function parseGoJson(input: string | Uint8Array): JsonValue {
  const bytes = typeof input === "string" ? Buffer.from(input, "utf8") : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  let i = 0;
  const skip = () => {
    while (isSpace(bytes[i])) i += 1;
  };
  const fail = (context: string): never => {
    if (i >= bytes.length) throw new JsonSyntaxError("unexpected EOF");
    throw new JsonSyntaxError(`invalid character ${quoteChar(bytes[i]!)} ${context}`);
  };

  const literal = (word: string, value: JsonValue): JsonValue => {
    for (let k = 1; k < word.length; k += 1) {
      i += 1;
      if (bytes[i] !== word.charCodeAt(k)) fail(`in literal ${word} (expecting ${quoteChar(word.charCodeAt(k))})`);
    }
    i += 1;
    return value;
  };

  const number = (): JsonNumber => {
    const start = i;
    if (bytes[i] === 0x2d) i += 1;
    if (bytes[i] === 0x30) i += 1;
    else if (isDigit(bytes[i])) while (isDigit(bytes[i])) i += 1;
    else fail("in numeric literal");
    if (bytes[i] === 0x2e) {
      i += 1;
      if (!isDigit(bytes[i])) fail("after decimal point in numeric literal");
      while (isDigit(bytes[i])) i += 1;
    }
    if (bytes[i] === 0x65 || bytes[i] === 0x45) {
      i += 1;
      if (bytes[i] === 0x2b || bytes[i] === 0x2d) i += 1;
      if (!isDigit(bytes[i])) fail("in exponent of numeric literal");
      while (isDigit(bytes[i])) i += 1;
    }
    return new JsonNumber(bytes.toString("latin1", start, i));
  };

  const string = (): string => {
    const start = i;
    i += 1;
    for (;;) {
      const c = bytes[i];
      if (c === undefined) return fail("");
      if (c === 0x22) break;
      if (c < 0x20) fail("in string literal");
      if (c === 0x5c) {
        i += 1;
        if (bytes[i] === 0x75) {
          for (let k = 0; k < 4; k += 1) {
            i += 1;
            if (!isHex(bytes[i])) fail("in \\u hexadecimal character escape");
          }
        } else if (bytes[i] === undefined || !'"\\/bfnrt'.includes(String.fromCharCode(bytes[i]!))) {
          fail("in string escape code");
        }
      }
      i += 1;
    }
    i += 1;
    // Validated above, so JSON.parse only resolves escapes; invalid UTF-8 becomes U+FFFD, as in Go.
    return (JSON.parse(bytes.toString("utf8", start, i)) as string).replace(LONE_SURROGATE, "\uFFFD");
  };

  /** After `{` or `,` inside an object: the key and its colon. */
  const key = (): string => {
    skip();
    if (bytes[i] !== 0x22) fail("looking for beginning of object key string");
    const name = string();
    skip();
    if (bytes[i] !== 0x3a) fail("after object key");
    i += 1;
    return name;
  };

  skip();
  if (i >= bytes.length) throw new JsonSyntaxError("EOF");
  // Iterative, with an explicit stack, so that deep nesting meets Go's limit rather than the JS stack's.
  const stack: Frame[] = [];
  for (;;) {
    skip();
    let value: JsonValue;
    const c = bytes[i];
    if (c === 0x7b || c === 0x5b) {
      if (stack.length >= MAX_DEPTH) fail("exceeded max depth");
      i += 1;
      skip();
      if (c === 0x7b && bytes[i] === 0x7d) {
        i += 1;
        value = new JsonObject([]);
      } else if (c === 0x5b && bytes[i] === 0x5d) {
        i += 1;
        value = [];
      } else {
        stack.push(c === 0x7b ? { entries: [], key: key() } : { array: [] });
        continue;
      }
    } else if (c === 0x22) value = string();
    else if (c === 0x74) value = literal("true", true);
    else if (c === 0x66) value = literal("false", false);
    else if (c === 0x6e) value = literal("null", null);
    else if (c === 0x2d || isDigit(c)) value = number();
    else return fail("looking for beginning of value");

    // A value is complete: hand it to its container, closing every container that ends here.
    for (;;) {
      const top = stack.at(-1);
      if (top === undefined) return value;
      skip();
      if ("array" in top) {
        top.array.push(value);
        if (bytes[i] === 0x2c) {
          i += 1;
          break;
        }
        if (bytes[i] !== 0x5d) fail("after array element");
        value = top.array;
      } else {
        top.entries.push([top.key, value]);
        if (bytes[i] === 0x2c) {
          i += 1;
          top.key = key();
          break;
        }
        if (bytes[i] !== 0x7d) fail("after object key:value pair");
        value = new JsonObject(top.entries);
      }
      i += 1;
      stack.pop();
    }
  }
}

/**
 * Go's name for a JSON value's kind in unmarshal errors. A number shows its
 * literal only when it was meant for a number that cannot hold it
 * (`number 1.5` into int64), otherwise it is just `number`.
 */
export function goKind(value: JsonValue, intoNumber = false): string {
  if (value instanceof JsonNumber) return intoNumber ? `number ${value.raw}` : "number";
  if (Array.isArray(value)) return "array";
  if (value === null) return "null";
  if (value instanceof JsonObject) return "object";
  return typeof value === "boolean" ? "bool" : "string";
}

/** json.Marshal's output: `<`, `>`, `&`, U+2028 and U+2029 escaped, as Go does by default. */
export function stringifyGo(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
