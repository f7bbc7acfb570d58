import { shippedRunbook } from "../runbook/testing.ts";
import type { Drill } from "./drill-schema.ts";
import { parseDrill } from "./parse-drill.ts";

/** A small valid drill's YAML, for tests to edit. */
export const MINIMAL_DRILL = `id: redis-down
title: Redis goes down
scenario: redis-connection-failures
description: Redis stops.
faults:
  - kind: redis.stop
    target: redis
steadyState:
  - probe: redis
    params: { check: ping, expect: ok }
answers:
  severity:
    accepted: [P2, P1]
    best: P2
    why: Major feature unavailable — logins fail closed.
  component: redis
  escalation:
    - level: L2
  detection:
    - probe: redis
      params: { check: ping, expect: fail }
      within: 5s
    - probe: log-grep
      params: { file: error.log, pattern: "Redis connection lost" }
      within: 10s
  recovery:
    - probe: redis
      params: { check: ping, expect: ok }
      within: 10s
  remediation:
    - action: redis.start
      runbookStep: 3
  runbookCommands:
    - redis-cli ping
  hints:
    - { cost: 10, text: Try the runbook's first command. }
`;

export function minimalDrill(edit: (text: string) => string = (text) => text): Drill {
  return parseDrill(edit(MINIMAL_DRILL), { file: "drills/redis-down.yaml", runbook: shippedRunbook() });
}
