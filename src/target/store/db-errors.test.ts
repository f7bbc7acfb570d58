import { describe, expect, it } from "vitest";
import { describeDbError } from "./db-errors.ts";

const pool = { host: "127.0.0.1", port: "5432", poolSize: 5, poolTimeoutMs: 10_000 };
const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe("describeDbError (Prisma's words for pg's failures)", () => {
  it.each([
    [withCode("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"), "P1001", "Can't reach database server at `127.0.0.1:5432`"],
    [new Error("timeout exceeded when trying to connect"), "P2024", "Timed out fetching a new connection from the connection pool. (Current connection pool timeout: 10, connection limit: 5)"],
    [new Error("Connection terminated unexpectedly"), "P1017", "Server has closed the connection."],
    [withCode("terminating connection due to administrator command", "57P01"), "P1017", "Server has closed the connection."],
    [withCode("sorry, too many clients already", "53300"), "P2037", "Too many database connections opened: sorry, too many clients already"],
    [withCode("canceling statement due to statement timeout", "57014"), "P1008", "Operations timed out: canceling statement due to statement timeout"],
  ])("%s → %s", (error, code, message) => {
    expect(describeDbError(error, pool)).toEqual({ code, message });
  });

  it("leaves SQL errors alone", () => {
    expect(describeDbError(withCode('relation "nope" does not exist', "42P01"), pool)).toBeUndefined();
  });
});
