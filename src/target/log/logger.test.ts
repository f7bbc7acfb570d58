import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LogFiles } from "./log-files.ts";
import { Logger, MemorySink } from "./logger.ts";

describe("Logger", () => {
  it("writes time, level and msg first, then its fields, then the call's", () => {
    const sink = new MemorySink();
    new Logger(sink, { fields: { pid: 1 } }).child({ component: "whmcs" }).info("WHMCS GetInvoices ok", { duration: 12.5 });
    const line = sink.lines[0]!.line;
    expect(Object.keys(JSON.parse(line))).toEqual(["time", "level", "msg", "pid", "component", "duration"]);
    expect(JSON.parse(line)).toMatchObject({ level: "info", msg: "WHMCS GetInvoices ok", component: "whmcs", duration: 12.5 });
  });

  it("drops lines below its level and writes errors as their message and code", () => {
    const sink = new MemorySink();
    const logger = new Logger(sink, { level: "warn" });
    logger.info("quiet");
    logger.error("failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) });
    expect(sink.records()).toEqual([expect.objectContaining({ msg: "failed", cause: "connect ECONNREFUSED (ECONNREFUSED)" })]);
  });
});

describe("LogFiles", () => {
  it("puts every line in combined.log and errors also in error.log, readable at once", () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "portal-logs-")), "nested", "bff");
    const files = new LogFiles(dir);
    const logger = new Logger(files);
    logger.info("Platform Event subscribed to /event/X__e");
    logger.error("WHMCS GetInvoices failed: HTTP 503");
    const combined = readFileSync(path.join(dir, "combined.log"), "utf8").trim().split("\n");
    const errors = readFileSync(path.join(dir, "error.log"), "utf8").trim().split("\n");
    files.close();
    expect(combined.map((line) => JSON.parse(line).msg)).toEqual(["Platform Event subscribed to /event/X__e", "WHMCS GetInvoices failed: HTTP 503"]);
    expect(errors.map((line) => JSON.parse(line).msg)).toEqual(["WHMCS GetInvoices failed: HTTP 503"]);
  });
});
