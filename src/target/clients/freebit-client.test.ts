import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ManualClock, type StartedMocks, startMocks } from "../../mocks/index.ts";
import { FreebitClient } from "./freebit-client.ts";
import { freebitConfig, testGateway } from "./testing.ts";

let mocks: StartedMocks;
const clock = new ManualClock();
beforeAll(async () => {
  mocks = await startMocks({ clock });
});
afterEach(() => mocks.reset());
afterAll(() => mocks.close());

function client(overrides = {}) {
  const { gateway, sink } = testGateway("freebit");
  return { freebit: new FreebitClient(freebitConfig(mocks, overrides), gateway), sink };
}

/** Moves the mock's clock on while the client polls, so activations complete. */
function completeSoon(): NodeJS.Timeout {
  return setInterval(() => clock.advance(1_000), 50);
}

describe("FreebitClient against the Freebit mock", () => {
  it("activates a SIM and waits until Freebit says active", async () => {
    const { freebit } = client();
    const timer = completeSoon();
    const sim = await freebit.activateSim({ iccid: "8981100000000099001", planCode: "data-3gb", simType: "esim" });
    clearInterval(timer);
    expect(sim).toMatchObject({ iccid: "8981100000000099001", state: "active", account: expect.stringMatching(/^0\d{10}$/) });
  });

  it("picks up the account when the ICCID is already activated (a retried provisioning)", async () => {
    const { freebit } = client();
    const timer = completeSoon();
    const first = await freebit.activateSim({ iccid: "8981100000000099002", planCode: "data-3gb", simType: "esim" });
    const again = await freebit.activateSim({ iccid: "8981100000000099002", planCode: "data-3gb", simType: "esim" });
    clearInterval(timer);
    expect(again.account).toBe(first.account);
  });

  it("authenticates again when the authKey expires", async () => {
    const { freebit } = client();
    await freebit.getAccount({ account: "07012340001" });
    clock.advance(31 * 60 * 1000);
    await expect(freebit.getAccount({ account: "07012340001" })).resolves.toMatchObject({ state: "active" });
    expect(mocks.journal({ system: "freebit" }).map((entry) => entry.action)).toEqual(["authOem", "getAcnt", "getAcnt", "authOem", "getAcnt"]);
  });

  it("gives up on an activation that stays pending, naming the SIM", async () => {
    const { freebit } = client({ activationTimeoutMs: 200 });
    mocks.setFault({ kind: "freebit.slow-completion", params: { never: true } });
    await expect(freebit.activateSim({ iccid: "8981100000000099003", planCode: "data-3gb", simType: "esim" })).rejects.toMatchObject({
      failure: "timeout",
      message: expect.stringMatching(/^Freebit master\/addAcnt failed: SIM 8981100000000099003 \(account 0\d{10}\) still processing after 200ms$/),
    });
  });

  it("reports Freebit's error codes", async () => {
    const { freebit } = client();
    await expect(freebit.getAccount({ account: "09999999999" })).rejects.toMatchObject({ failure: "rejected", code: "404-301", message: "Freebit master/getAcnt failed: 404-301 Account not found" });
    mocks.setFault({ kind: "http-error", system: "freebit", params: { status: 503 } });
    await expect(freebit.ping(1_000)).rejects.toMatchObject({ failure: "http", code: "503-999" });
  });
});
