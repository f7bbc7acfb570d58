import net from "node:net";
import { describe, expect, it } from "vitest";
import { isFiredrillError } from "../src/errors.ts";
import { startMocks } from "../src/mocks/index.ts";
import { RawBayeux } from "./support/bayeux.ts";
import { accessToken } from "./support/mocks.ts";

const refused = (url: string) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ port: Number(new URL(url).port), host: "127.0.0.1" });
    socket.once("connect", () => (socket.destroy(), resolve(false)));
    socket.once("error", () => resolve(true));
  });

describe("startMocks lifecycle", () => {
  it("close() ends held long polls and hung calls at once, frees every port, and is idempotent", async () => {
    const mocks = await startMocks({ salesforce: { connectTimeoutMs: 60_000 } });
    const urls = [mocks.salesforce.directUrl, mocks.whmcs.directUrl, mocks.freebit.directUrl, mocks.controlUrl];
    const client = new RawBayeux(`${mocks.salesforce.url}/cometd/62.0`, await accessToken(mocks.salesforce));
    await client.handshake();
    await client.subscribe("/event/OrderProvisionRequested__e");
    await client.connect();
    const heldConnect = client.connect(30_000).then(
      () => "answered",
      () => "closed",
    );
    mocks.setFault({ kind: "hang", system: "whmcs", params: { durationMs: 600_000 } });
    const hung = fetch(mocks.whmcs.url, { method: "POST", body: "action=GetClients" }).then(
      () => "answered",
      () => "closed",
    );
    await new Promise((resolve) => setTimeout(resolve, 100));

    const started = performance.now();
    await mocks.close();
    expect(await Promise.all([heldConnect, hung])).toEqual([expect.any(String), "closed"]);
    expect(performance.now() - started).toBeLessThan(2_000);
    for (const url of urls) expect(await refused(url)).toBe(true);
    await mocks.close();
  });

  it("is AsyncDisposable", async () => {
    let controlUrl = "";
    {
      await using mocks = await startMocks();
      controlUrl = mocks.controlUrl;
      expect(await refused(controlUrl)).toBe(false);
    }
    expect(await refused(controlUrl)).toBe(true);
  });

  it("fails with PORT_IN_USE when a fixed port is taken, leaving nothing bound", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const error = await startMocks({ ports: { freebit: port } }).catch((caught: unknown) => caught);
      expect(isFiredrillError(error) && error.code).toBe("PORT_IN_USE");
      expect((error as Error).message).toContain(`freebit mock: port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });

  it("names a missing fixtures directory and what to do", async () => {
    await expect(startMocks({ fixturesDir: "/nonexistent/fixtures" })).rejects.toThrow(
      "mocks: fixture /nonexistent/fixtures/salesforce/org.json does not exist; point fixturesDir at a copy of fixtures/mocks/",
    );
  });

  it("binds to every interface when asked, handing out loopback URLs; a WHMCS allow-list without loopback refuses us", async () => {
    await using mocks = await startMocks({ host: "0.0.0.0", whmcs: { allowedIps: ["172.17.0.2"] } });
    expect(mocks.whmcs.directUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/includes\/api\.php$/);
    expect(mocks.controlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(mocks.whmcs.url, { method: "POST", body: new URLSearchParams({ action: "GetClients", responsetype: "json" }) });
    expect([response.status, await response.json()]).toEqual([403, { result: "error", message: "Invalid IP 127.0.0.1" }]);
  });

  it("takes public URLs at start (fault proxies) and hands them out as instance_url and descriptor URLs", async () => {
    await using mocks = await startMocks({ publicUrls: { salesforce: "http://127.0.0.1:7001", whmcs: "http://127.0.0.1:7002/", freebit: "http://127.0.0.1:7003" } });
    expect(mocks.descriptor().services).toMatchObject({
      salesforce: { url: "http://127.0.0.1:7001", loginUrl: "http://127.0.0.1:7001", directUrl: expect.not.stringContaining(":7001") },
      whmcs: { url: "http://127.0.0.1:7002/includes/api.php" },
      freebit: { url: "http://127.0.0.1:7003/emptool/api" },
    });
  });
});
