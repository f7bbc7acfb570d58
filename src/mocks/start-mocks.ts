import { type Clock, systemClock } from "./clock.ts";
import { startControlServer } from "./control/control-server.ts";
import { describeMocks, type MocksDescriptor } from "./control/descriptor.ts";
import { MocksControl } from "./control/mocks-control.ts";
import { FaultSet } from "./faults/fault-set.ts";
import { loadFixtures } from "./fixtures.ts";
import { type StartedMockServer, startMockServer } from "./http/mock-server.ts";
import { Journal } from "./journal.ts";
import { DEFAULT_SALESFORCE_OPTIONS, type SalesforceOptions } from "./salesforce/state.ts";
import { SYSTEMS, type SystemName } from "./system.ts";
import { MockUrls } from "./urls.ts";
import { MockWorld } from "./world.ts";

export interface MocksOptions {
  /** Where the three mocks listen. Default 127.0.0.1. The control API always stays on loopback. */
  host?: string;
  /** Fixed ports; 0 or absent picks a free one. */
  ports?: { salesforce?: number; whmcs?: number; freebit?: number; control?: number };
  /** Base URLs clients use, e.g. the fault proxies in front of the mocks (default: the direct URLs). Changeable later with setPublicUrl. */
  publicUrls?: Partial<Record<SystemName, string>>;
  /** Default: fixtures/mocks/ of this repository. */
  fixturesDir?: string;
  /** Wall clock for JWT expiry, event retention, SSO tokens, journal times. */
  clock?: Clock;
  salesforce?: Partial<SalesforceOptions>;
  /**
   * WHMCS's API IP allow-list, as the mock sees callers (default: loopback, from the fixture).
   * A caller in a container, or a proxy in one, arrives from its bridge address: list it here.
   */
  whmcs?: { allowedIps?: readonly string[] };
  /** Journal entries kept (oldest dropped first). Default 50 000. */
  journalCapacity?: number;
}

/** The running mocks: everything the environment descriptor needs, and the control API's operations. */
export interface StartedMocks extends AsyncDisposable {
  /** Current values (public URLs can change): the same as descriptor().services.salesforce. */
  readonly salesforce: MocksDescriptor["services"]["salesforce"];
  readonly whmcs: MocksDescriptor["services"]["whmcs"];
  readonly freebit: MocksDescriptor["services"]["freebit"];
  readonly controlUrl: string;
  /** services.salesforce / whmcs / freebit and mocks.controlUrl, as the environment descriptor records them. */
  descriptor(): MocksDescriptor;
  /** Points instance_url, the JWT audience and SSO links at `url` (a fault proxy in front of the mock). */
  setPublicUrl(system: SystemName, url: string): void;
  readonly setFault: MocksControl["setFault"];
  readonly clearFault: MocksControl["clearFault"];
  readonly clearFaults: MocksControl["clearFaults"];
  readonly listFaults: MocksControl["listFaults"];
  readonly faultKinds: MocksControl["faultKinds"];
  readonly publishEvent: MocksControl["publishEvent"];
  readonly events: MocksControl["events"];
  readonly journal: MocksControl["journal"];
  readonly clearJournal: MocksControl["clearJournal"];
  readonly reset: MocksControl["reset"];
  /** Closes every server and lets every held long poll go. Idempotent. */
  close(): Promise<void>;
}

const isLoopback = (host: string) => host === "localhost" || host === "::1" || host.startsWith("127.");

/** Starts Salesforce, WHMCS and Freebit mocks, each on its own port, and the control API. */
export async function startMocks(options: MocksOptions = {}): Promise<StartedMocks> {
  const host = options.host ?? "127.0.0.1";
  const clock = options.clock ?? systemClock;
  const urls = new MockUrls();
  for (const [system, url] of Object.entries(options.publicUrls ?? {})) if (url !== undefined) urls.setPublic(system as SystemName, url);
  const fixtures = await loadFixtures(options.fixturesDir);
  const journal = new Journal(clock, options.journalCapacity);
  const world = new MockWorld({
    fixtures,
    clock,
    journal,
    urls,
    salesforce: { ...DEFAULT_SALESFORCE_OPTIONS, ...options.salesforce },
    ...(options.whmcs?.allowedIps !== undefined && { whmcsAllowedIps: options.whmcs.allowedIps }),
  });
  const faults = new FaultSet(world);

  const servers: StartedMockServer[] = [];
  const closers: (() => Promise<void>)[] = [];
  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= (async () => {
      world.close();
      await Promise.all(closers.map((closeOne) => closeOne()));
    })();
    return closed;
  };
  try {
    for (const system of SYSTEMS) {
      const runtime = world.runtimes[system];
      const server = await startMockServer({
        system,
        host,
        port: options.ports?.[system] ?? 0,
        registry: runtime.registry,
        interceptors: runtime.interceptors,
        journal,
        fallback: (status) => runtime.mock.fallback(status),
        describe: (context) => runtime.mock.describe(context),
      });
      servers.push(server);
      closers.push(() => server.close());
      urls.setDirect(system, server.url);
    }
    let controlUrl = "";
    const control = new MocksControl(world, faults, () => describeMocks(world, controlUrl));
    const controlServer = await startControlServer(control, isLoopback(host) ? host : "127.0.0.1", options.ports?.control ?? 0);
    closers.push(() => controlServer.close());
    controlUrl = controlServer.url;

    return {
      get salesforce() {
        return control.descriptor().services.salesforce;
      },
      get whmcs() {
        return control.descriptor().services.whmcs;
      },
      get freebit() {
        return control.descriptor().services.freebit;
      },
      controlUrl,
      descriptor: () => control.descriptor(),
      setPublicUrl: (system, url) => control.setPublicUrl(system, url),
      setFault: (spec) => control.setFault(spec),
      clearFault: (id) => control.clearFault(id),
      clearFaults: (filter) => control.clearFaults(filter),
      listFaults: (filter) => control.listFaults(filter),
      faultKinds: () => control.faultKinds(),
      publishEvent: (event, payload) => control.publishEvent(event, payload),
      events: (channel) => control.events(channel),
      journal: (query) => control.journal(query),
      clearJournal: () => control.clearJournal(),
      reset: (resetOptions) => control.reset(resetOptions),
      close,
      [Symbol.asyncDispose]: close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
