import { s } from "../../schema/index.ts";
import type { JournalEntry } from "../../mocks/journal.ts";
import { compare, comparisonParams } from "../compare.ts";
import { defineProbe, observing } from "../probe.ts";

/**
 * How many calls a SaaS mock received since the probe's `since` (or within
 * the last `window`), optionally only one action or status. Without a
 * comparison, at least one call must have come in.
 */
export const journalProbe = defineProbe({
  description: "count the calls a SaaS mock received since the injection (optionally one action or status)",
  params: s.object({
    system: s.enumOf(["salesforce", "whmcs", "freebit"] as const, "system"),
    action: s.optional(s.string({ minLength: 1 })),
    status: s.optional(s.number({ integer: true, min: 0, max: 599 })),
    windowMs: s.optional(s.from("window", s.duration())),
    ...comparisonParams,
  }),
  check: observing(async ({ descriptor, params, since }) => {
    const fromMs = Math.max(since?.getTime() ?? 0, params.windowMs === undefined ? 0 : Date.now() - params.windowMs);
    const query = new URLSearchParams({ system: params.system, since: String(fromMs), ...(params.action !== undefined && { action: params.action }) });
    const response = await fetch(`${descriptor.mocks.controlUrl}/journal?${query}`, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`GET /journal answered HTTP ${response.status}: ${await response.text()}`);
    const { entries } = (await response.json()) as { entries: JournalEntry[] };
    const count = entries.filter((entry) => params.status === undefined || entry.status === params.status).length;
    return { matched: compare(count, params), output: { system: params.system, count } };
  }),
});
