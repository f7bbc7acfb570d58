/**
 * The subset of SOQL a portal needs: SELECT fields (and one level of parent
 * relationship, e.g. Account.Name) or COUNT() FROM one object, WHERE with
 * AND / OR / NOT, parentheses, = != <> < <= > >= LIKE IN / NOT IN, ORDER BY,
 * LIMIT, OFFSET. Errors carry the position Salesforce reports.
 */
export class SoqlSyntaxError extends Error {
  constructor(readonly token: string, readonly column: number) {
    super(`unexpected token: '${token}'`);
  }
}

export type SoqlValue = string | number | boolean | null | { date: string };
export interface FieldRef {
  readonly path: readonly string[];
  readonly column: number;
}
export type Condition =
  | { readonly kind: "and" | "or"; readonly left: Condition; readonly right: Condition }
  | { readonly kind: "not"; readonly condition: Condition }
  | { readonly kind: "compare"; readonly field: FieldRef; readonly op: "=" | "!=" | "<" | "<=" | ">" | ">=" | "like"; readonly value: SoqlValue }
  | { readonly kind: "in"; readonly field: FieldRef; readonly values: readonly SoqlValue[]; readonly negated: boolean };

export interface SoqlQuery {
  readonly count: boolean;
  readonly fields: readonly FieldRef[];
  readonly object: string;
  readonly objectColumn: number;
  readonly where?: Condition;
  readonly orderBy: readonly { readonly field: FieldRef; readonly descending: boolean }[];
  readonly limit?: number;
  readonly offset?: number;
}

interface Token {
  readonly kind: "word" | "string" | "number" | "date" | "symbol" | "end";
  readonly text: string;
  readonly column: number;
}

const TOKEN = /\s*(?:('(?:[^'\\]|\\.)*')|(\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2}))?)(?![\w-])|(-?\d+(?:\.\d+)?)(?![\w.])|([A-Za-z_][\w.]*)|(!=|<>|<=|>=|[=<>(),]))/y;

function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < soql.length) {
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(soql);
    if (match === null) {
      if (soql.slice(start).trim() === "") break;
      const at = start + (soql.slice(start).length - soql.slice(start).trimStart().length);
      throw new SoqlSyntaxError(soql.slice(at).split(/\s/)[0]!, at + 1);
    }
    const column = match.index + match[0].length - match[0].trimStart().length + 1;
    const [, string, date, number, word, symbol] = match;
    if (string !== undefined) tokens.push({ kind: "string", text: string.slice(1, -1).replace(/\\(.)/g, (_, c: string) => ({ n: "\n", t: "\t" })[c] ?? c), column });
    else if (date !== undefined) tokens.push({ kind: "date", text: date, column });
    else if (number !== undefined) tokens.push({ kind: "number", text: number, column });
    else if (word !== undefined) tokens.push({ kind: "word", text: word, column });
    else tokens.push({ kind: "symbol", text: symbol!, column });
  }
  tokens.push({ kind: "end", text: "<EOF>", column: soql.length + 1 });
  return tokens;
}

export function parseSoql(soql: string): SoqlQuery {
  const tokens = tokenize(soql);
  let at = 0;
  const peek = () => tokens[at]!;
  const next = () => tokens[at++]!;
  const isWord = (word: string) => peek().kind === "word" && peek().text.toUpperCase() === word;
  const fail = (token = peek()): never => {
    throw new SoqlSyntaxError(token.text, token.column);
  };
  const expectWord = (word: string) => (isWord(word) ? next() : fail());
  const expectSymbol = (symbol: string) => (peek().kind === "symbol" && peek().text === symbol ? next() : fail());
  const field = (): FieldRef => {
    const token = peek().kind === "word" && !KEYWORDS.has(peek().text.toUpperCase()) ? next() : fail();
    return { path: token.text.split("."), column: token.column };
  };
  const value = (): SoqlValue => {
    const token = next();
    if (token.kind === "string") return token.text;
    if (token.kind === "number") return Number(token.text);
    if (token.kind === "date") return { date: token.text };
    const word = token.kind === "word" ? token.text.toUpperCase() : "";
    if (word === "TRUE" || word === "FALSE") return word === "TRUE";
    if (word === "NULL") return null;
    return fail(token);
  };
  const list = (): SoqlValue[] => {
    expectSymbol("(");
    const values = [value()];
    while (peek().text === ",") next(), values.push(value());
    expectSymbol(")");
    return values;
  };
  const factor = (): Condition => {
    if (isWord("NOT")) return next(), { kind: "not", condition: factor() };
    if (peek().text === "(") {
      next();
      const inner = disjunction();
      expectSymbol(")");
      return inner;
    }
    const ref = field();
    if (isWord("IN")) return next(), { kind: "in", field: ref, values: list(), negated: false };
    if (isWord("NOT")) return next(), expectWord("IN"), { kind: "in", field: ref, values: list(), negated: true };
    if (isWord("LIKE")) return next(), { kind: "compare", field: ref, op: "like", value: value() };
    const op = peek().kind === "symbol" && COMPARATORS.has(peek().text) ? next().text : fail();
    return { kind: "compare", field: ref, op: op === "<>" ? "!=" : (op as "=" | "!=" | "<" | "<=" | ">" | ">="), value: value() };
  };
  const conjunction = (): Condition => {
    let left = factor();
    while (isWord("AND")) next(), (left = { kind: "and", left, right: factor() });
    return left;
  };
  const disjunction = (): Condition => {
    let left = conjunction();
    while (isWord("OR")) next(), (left = { kind: "or", left, right: conjunction() });
    return left;
  };
  const integer = () => (peek().kind === "number" && /^\d+$/.test(peek().text) ? Number(next().text) : fail());

  expectWord("SELECT");
  let count = false;
  const fields: FieldRef[] = [];
  if (isWord("COUNT") && tokens[at + 1]?.text === "(") {
    next(), next(), expectSymbol(")");
    count = true;
  } else {
    fields.push(field());
    while (peek().text === ",") next(), fields.push(field());
  }
  expectWord("FROM");
  const objectToken = peek().kind === "word" ? next() : fail();
  const where = isWord("WHERE") ? (next(), disjunction()) : undefined;
  const orderBy: { field: FieldRef; descending: boolean }[] = [];
  if (isWord("ORDER")) {
    next(), expectWord("BY");
    do {
      const ref = field();
      const descending = isWord("DESC") ? (next(), true) : isWord("ASC") ? (next(), false) : false;
      orderBy.push({ field: ref, descending });
    } while (peek().text === "," && next());
  }
  const limit = isWord("LIMIT") ? (next(), integer()) : undefined;
  const offset = isWord("OFFSET") ? (next(), integer()) : undefined;
  if (peek().kind !== "end") fail();
  return {
    count,
    fields,
    object: objectToken.text,
    objectColumn: objectToken.column,
    ...(where !== undefined && { where }),
    orderBy,
    ...(limit !== undefined && { limit }),
    ...(offset !== undefined && { offset }),
  };
}

const KEYWORDS = new Set(["SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "LIKE", "ORDER", "BY", "LIMIT", "OFFSET", "ASC", "DESC", "NULL", "TRUE", "FALSE"]);
const COMPARATORS = new Set(["=", "!=", "<>", "<", "<=", ">", ">="]);
