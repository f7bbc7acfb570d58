import { defineToxic } from "./toxic.ts";

/** Passes everything through unchanged. Also what a toxic does on a connection where its toxicity draw lost. */
export const noop = defineToxic({
  type: "noop",
  attributes: {},
  pipe: (_attributes, stub) => ({
    write: (chunk) => stub.emit(chunk),
    end: () => stub.end(),
    interrupt: () => {},
  }),
});
