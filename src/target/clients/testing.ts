// Helpers for the clients' tests: the real mocks in-process, gateways that log to memory.
import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import type { StartedMocks } from "../../mocks/index.ts";
import type { CallPolicy, FreebitConfig, SalesforceConfig, WhmcsConfig } from "../config.ts";
import type { ExternalSystem } from "../errors.ts";
import { Logger, MemorySink } from "../log/logger.ts";
import { ExternalGateway } from "../resilience/external-gateway.ts";

export const TEST_POLICY: CallPolicy = { timeoutMs: 2_000, circuitEnabled: true, circuitFailureThreshold: 100, circuitResetMs: 60_000 };

export function testGateway(system: ExternalSystem): { gateway: ExternalGateway; sink: MemorySink } {
  const sink = new MemorySink();
  return { gateway: new ExternalGateway(system, TEST_POLICY, new Logger(sink)), sink };
}

export function whmcsConfig(mocks: StartedMocks): WhmcsConfig {
  const { url, identifier, secret } = mocks.whmcs;
  return { apiUrl: url, identifier, secret, productIds: { "data-3gb": 1, "voice-20gb": 4 }, paymentMethod: "stripe", policy: TEST_POLICY };
}

export function freebitConfig(mocks: StartedMocks, overrides: Partial<FreebitConfig> = {}): FreebitConfig {
  const { url, oemId, oemKey } = mocks.freebit;
  return { apiUrl: url, oemId, oemKey, activationTimeoutMs: 5_000, pollIntervalMs: 20, policy: TEST_POLICY, ...overrides };
}

export function salesforceConfig(mocks: StartedMocks): SalesforceConfig {
  const { loginUrl, consumerKey, username, privateKeyPath, apiVersion } = mocks.salesforce;
  return { loginUrl, consumerKey, username, privateKey: createPrivateKey(readFileSync(privateKeyPath)), apiVersion, policy: TEST_POLICY };
}
