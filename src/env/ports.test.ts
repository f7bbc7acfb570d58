import net from "node:net";
import { describe, expect, it } from "vitest";
import { assertPortFree, freePort } from "./ports.ts";

function listen(port: number): Promise<net.Server> {
  const server = net.createServer();
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

describe("freePort", () => {
  it("returns a port that can be bound on loopback", async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    const server = await listen(port);
    server.close();
  });
});

describe("assertPortFree", () => {
  it("accepts a free port", async () => {
    await expect(assertPortFree(await freePort())).resolves.toBeUndefined();
  });

  it("rejects a taken port with PORT_IN_USE naming the subject, the port and the fix", async () => {
    const server = await listen(0);
    const { port } = server.address() as net.AddressInfo;
    try {
      const error = await assertPortFree(port, "127.0.0.1", "redis").catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "PORT_IN_USE" });
      expect((error as Error).message).toMatch(new RegExp(`^redis: port ${port} on 127.0.0.1 is already in use; .*omit the port`));
    } finally {
      server.close();
    }
  });

  it("rejects a number that is not a port", async () => {
    await expect(assertPortFree(70_000)).rejects.toMatchObject({ code: "CONFIG_INVALID" });
  });
});
