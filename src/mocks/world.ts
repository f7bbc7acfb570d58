import type { Clock } from "./clock.ts";
import type { MockFixtures } from "./fixtures.ts";
import { FreebitState } from "./freebit/state.ts";
import { freebitMock } from "./freebit/mock.ts";
import { HandlerRegistry } from "./http/handler-registry.ts";
import { InterceptorChain } from "./http/interceptors.ts";
import type { SystemMock } from "./http/system-mock.ts";
import type { Journal } from "./journal.ts";
import { salesforceMock } from "./salesforce/mock.ts";
import { type SalesforceOptions, SalesforceState } from "./salesforce/state.ts";
import { SYSTEMS, type SystemName } from "./system.ts";
import type { MockUrls } from "./urls.ts";
import { WhmcsState } from "./whmcs/state.ts";
import { whmcsMock } from "./whmcs/mock.ts";

/** One system's request machinery: MSW handlers with their overrides, the interceptors in front, its mock. */
export interface SystemRuntime {
  readonly registry: HandlerRegistry;
  readonly interceptors: InterceptorChain;
  mock: SystemMock;
}

/** The state of all three mocked systems and the machinery serving them; reseed() puts the fixtures back. */
export class MockWorld {
  readonly clock: Clock;
  readonly journal: Journal;
  readonly urls: MockUrls;
  readonly fixtures: MockFixtures;
  readonly #salesforceOptions: SalesforceOptions;
  readonly #whmcsAllowedIps: readonly string[] | undefined;
  readonly runtimes: Record<SystemName, SystemRuntime>;
  salesforce!: SalesforceState;
  whmcs!: WhmcsState;
  freebit!: FreebitState;

  constructor(init: { fixtures: MockFixtures; clock: Clock; journal: Journal; urls: MockUrls; salesforce: SalesforceOptions; whmcsAllowedIps?: readonly string[] }) {
    this.clock = init.clock;
    this.journal = init.journal;
    this.urls = init.urls;
    this.fixtures = init.fixtures;
    this.#salesforceOptions = init.salesforce;
    this.#whmcsAllowedIps = init.whmcsAllowedIps;
    const mocks = this.#seed();
    this.runtimes = Object.fromEntries(
      SYSTEMS.map((system) => [system, { registry: new HandlerRegistry(mocks[system].handlers), interceptors: new InterceptorChain(), mock: mocks[system] }]),
    ) as Record<SystemName, SystemRuntime>;
  }

  /** Fresh state from the fixtures, no overrides, no interceptors. Faults must be reverted first (FaultSet.clearAll). */
  reseed(): void {
    this.salesforce.close();
    const mocks = this.#seed();
    for (const system of SYSTEMS) {
      const runtime = this.runtimes[system];
      runtime.mock = mocks[system];
      runtime.registry.reset(mocks[system].handlers);
      runtime.interceptors.clear();
    }
  }

  close(): void {
    this.salesforce.close();
  }

  #seed(): Record<SystemName, SystemMock> {
    const { fixtures, clock, urls } = this;
    this.salesforce = new SalesforceState({ fixture: fixtures.org, publicKey: fixtures.publicKey, clock, options: this.#salesforceOptions, publicUrl: () => urls.public("salesforce") });
    this.whmcs = new WhmcsState(fixtures.whmcs, clock, () => urls.public("whmcs"), this.#whmcsAllowedIps);
    this.freebit = new FreebitState(fixtures.freebit, clock);
    return { salesforce: salesforceMock(this.salesforce), whmcs: whmcsMock(this.whmcs), freebit: freebitMock(this.freebit) };
  }
}
