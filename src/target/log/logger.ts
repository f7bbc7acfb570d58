export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Where finished lines go; the file sink writes combined.log and error.log. */
export interface LogSink {
  write(level: LogLevel, line: string): void;
}

/**
 * Structured logging as JSON lines: `time`, `level`, `msg`, then the
 * logger's fields, then the call's. Errors become their message (and code).
 */
export class Logger {
  readonly #sink: LogSink;
  readonly #fields: LogFields;
  readonly #level: LogLevel;

  constructor(sink: LogSink, options: { level?: LogLevel; fields?: LogFields } = {}) {
    this.#sink = sink;
    this.#fields = options.fields ?? {};
    this.#level = options.level ?? "info";
  }

  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger {
    return new Logger(this.#sink, { level: this.#level, fields: { ...this.#fields, ...fields } });
  }

  debug(msg: string, fields?: LogFields): void {
    this.log("debug", msg, fields);
  }

  info(msg: string, fields?: LogFields): void {
    this.log("info", msg, fields);
  }

  warn(msg: string, fields?: LogFields): void {
    this.log("warn", msg, fields);
  }

  error(msg: string, fields?: LogFields): void {
    this.log("error", msg, fields);
  }

  log(level: LogLevel, msg: string, fields?: LogFields): void {
    if (RANK[level] < RANK[this.#level]) return;
    const record = { time: new Date().toISOString(), level, msg, ...this.#fields, ...fields };
    this.#sink.write(level, JSON.stringify(record, replacer));
  }
}

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return code === undefined ? value.message : `${value.message} (${String(code)})`;
  }
  if (typeof value === "bigint") return value.toString();
  return value;
}

/** Milliseconds since `startedMs` (from performance.now()), to 0.1 ms: the `duration` field. */
export function since(startedMs: number): number {
  return Math.round((performance.now() - startedMs) * 10) / 10;
}

/** Keeps lines in memory: for tests, and for a portal started without a log directory. */
export class MemorySink implements LogSink {
  readonly lines: { level: LogLevel; line: string }[] = [];

  write(level: LogLevel, line: string): void {
    this.lines.push({ level, line });
  }

  records(): Record<string, unknown>[] {
    return this.lines.map(({ line }) => JSON.parse(line) as Record<string, unknown>);
  }
}
