import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock, type StartedMocks, startMocks } from "../src/mocks/index.ts";

describe("Freebit SIM provisioning", () => {
  const clock = new ManualClock(Date.parse("2026-11-27T05:00:00Z"));
  let mocks: StartedMocks;
  let authKey: string;
  const call = async (operation: string, body: unknown) => {
    const response = await fetch(`${mocks.freebit.url}/${operation}/`, { method: "POST", body: new URLSearchParams({ json: JSON.stringify(body) }) });
    return { status: response.status, body: (await response.json()) as any };
  };

  beforeAll(async () => {
    mocks = await startMocks({ clock });
    authKey = (await call("authOem", { oemId: mocks.freebit.oemId, oemKey: mocks.freebit.oemKey })).body.authKey;
  });
  afterAll(async () => {
    await mocks?.close();
  });

  it("authenticates the OEM with an authKey, and refuses a wrong key in its error-code style (HTTP 200)", async () => {
    expect(authKey).toMatch(/^[0-9a-f]{32}$/);
    expect(await call("authOem", { oemId: mocks.freebit.oemId, oemKey: "wrong" })).toEqual({
      status: 200,
      body: { resultCode: "201", status: { message: "OEM authentication failed", statusCode: "401-201" } },
    });
  });

  it("activates a SIM asynchronously: processing until the completion delay has passed", async () => {
    const added = await call("master/addAcnt", { authKey, iccid: "8981100000000000011", planCode: "voice-5gb", simType: "physical" });
    expect(added.body).toMatchObject({ resultCode: "100", status: { statusCode: "200" }, account: "07012350001", processNo: expect.stringMatching(/^P\d{10}$/) });
    const account = added.body.account as string;
    expect((await call("master/getAcnt", { authKey, account })).body).toMatchObject({ state: "processing", pendingState: "active", iccid: "8981100000000000011" });
    clock.advance(2_000);
    expect((await call("master/getAcnt", { authKey, iccid: "8981100000000000011" })).body).toMatchObject({ account, state: "active" });
    expect((await call("master/addAcnt", { authKey, iccid: "8981100000000000011", planCode: "voice-5gb", simType: "physical" })).body.status.statusCode).toBe("409-355");
  });

  it("changes state (suspend, resume) with the same lag, and refuses transitions that make no sense", async () => {
    const account = "07012340001";
    expect((await call("master/changeState", { authKey, account, state: "suspended" })).body.resultCode).toBe("100");
    expect((await call("master/changeState", { authKey, account, state: "active" })).body.status.statusCode).toBe("409-357");
    clock.advance(2_000);
    expect((await call("master/getAcnt", { authKey, account })).body.state).toBe("suspended");
    expect((await call("master/changeState", { authKey, account, state: "suspended" })).body).toEqual({
      resultCode: "356",
      status: { message: "State change from suspended to suspended is not allowed", statusCode: "400-356" },
    });
  });

  it("answers its error codes for a bad or expired authKey, unknown accounts and malformed bodies", async () => {
    expect((await call("master/getAcnt", { authKey: "nope", account: "07012340001" })).body.status.statusCode).toBe("401-202");
    expect((await call("master/getAcnt", { authKey, account: "09999999999" })).body.status.statusCode).toBe("404-301");
    expect((await call("master/addAcnt", { authKey, iccid: "12", planCode: "x", simType: "physical" })).body.status.statusCode).toBe("400-101");
    const garbage = await fetch(`${mocks.freebit.url}/master/getAcnt/`, { method: "POST", body: new URLSearchParams({ json: "{not json" }) });
    expect(((await garbage.json()) as any).status.statusCode).toBe("400-101");
    clock.advance(31 * 60 * 1000);
    expect((await call("master/getAcnt", { authKey, account: "07012340001" })).body.status.statusCode).toBe("401-202");
  });

  it("answers unknown operations with the gateway's 404 page", async () => {
    const response = await fetch(`${mocks.freebit.url}/master/teleport/`, { method: "POST" });
    expect([response.status, (await response.text()).includes("404 Not Found")]).toEqual([404, true]);
  });
});
