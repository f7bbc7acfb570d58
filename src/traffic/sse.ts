/**
 * Server-sent events, as much as the customers need: the event names of
 * complete frames ("message" when a frame names none). Comments and
 * heartbeats (": ping") are frames without a field and are skipped.
 */
export class SseParser {
  #buffer = "";
  /** Keeps memory bounded against a stream that never ends a frame. */
  static readonly MAX_BUFFER = 64 * 1024;

  push(chunk: string): string[] {
    this.#buffer += chunk.replace(/\r\n?/g, "\n");
    const events: string[] = [];
    let cut: number;
    while ((cut = this.#buffer.indexOf("\n\n")) >= 0) {
      const frame = this.#buffer.slice(0, cut);
      this.#buffer = this.#buffer.slice(cut + 2);
      const fields = frame.split("\n").filter((line) => line !== "" && !line.startsWith(":"));
      if (fields.length === 0) continue;
      const named = fields.find((line) => line.startsWith("event:"));
      events.push(named === undefined ? "message" : named.slice("event:".length).trim());
    }
    if (this.#buffer.length > SseParser.MAX_BUFFER) this.#buffer = "";
    return events;
  }
}
