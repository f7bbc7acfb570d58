/** A minimal Bayeux long-polling client over fetch, for checking the CometD server message by message. */
export class RawBayeux {
  clientId: string | undefined;
  cookie: string | undefined;

  constructor(
    readonly url: string,
    readonly token: string,
  ) {}

  async send(messages: object[], timeoutMs = 5_000): Promise<any[]> {
    const response = await fetch(this.url, {
      method: "POST",
      headers: { Authorization: `OAuth ${this.token}`, "Content-Type": "application/json", ...(this.cookie !== undefined && { Cookie: this.cookie }) },
      body: JSON.stringify(messages),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const setCookie = response.headers.get("set-cookie");
    if (setCookie !== null) this.cookie = setCookie.split(";")[0];
    return (await response.json()) as any[];
  }

  async handshake(): Promise<any> {
    const [reply] = await this.send([{ channel: "/meta/handshake", version: "1.0", supportedConnectionTypes: ["long-polling"], id: "1" }]);
    this.clientId = reply.clientId;
    return reply;
  }

  async subscribe(channel: string, replayId?: number): Promise<any> {
    const ext = replayId === undefined ? {} : { ext: { replay: { [channel]: replayId } } };
    const [reply] = await this.send([{ channel: "/meta/subscribe", clientId: this.clientId, subscription: channel, id: "2", ...ext }]);
    return reply;
  }

  /** One /meta/connect: the events it carried, then its own reply last. */
  connect(timeoutMs = 5_000): Promise<any[]> {
    return this.send([{ channel: "/meta/connect", clientId: this.clientId, connectionType: "long-polling", id: "3" }], timeoutMs);
  }
}
