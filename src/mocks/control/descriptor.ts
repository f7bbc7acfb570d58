import type { MockWorld } from "../world.ts";

/** What the environment descriptor records about the mocks: URLs (public = through the proxy, direct = the mock's own port) and credentials. */
export interface MocksDescriptor {
  readonly services: {
    readonly salesforce: {
      /** instance_url and login URL (JWT audience): the public base URL. */
      readonly url: string;
      readonly directUrl: string;
      readonly loginUrl: string;
      readonly consumerKey: string;
      readonly username: string;
      /** The Connected App's test-only private key (PEM): sign the JWT bearer assertion with it. */
      readonly privateKeyPath: string;
      readonly apiVersion: string;
    };
    readonly whmcs: {
      /** `…/includes/api.php` through the public URL. */
      readonly url: string;
      readonly directUrl: string;
      readonly identifier: string;
      readonly secret: string;
    };
    readonly freebit: {
      /** `…/emptool/api`: operations are POST {url}/authOem/, {url}/master/addAcnt/, … */
      readonly url: string;
      readonly directUrl: string;
      readonly oemId: string;
      readonly oemKey: string;
    };
  };
  readonly mocks: { readonly controlUrl: string };
}

export function describeMocks(world: MockWorld, controlUrl: string): MocksDescriptor {
  const { urls, fixtures } = world;
  const credential = fixtures.whmcs.apiCredentials[0];
  const user = fixtures.org.users.find((candidate) => candidate.preAuthorized && candidate.IsActive) ?? fixtures.org.users[0];
  return {
    services: {
      salesforce: {
        url: urls.public("salesforce"),
        directUrl: urls.direct("salesforce"),
        loginUrl: urls.public("salesforce"),
        consumerKey: fixtures.org.connectedApp.consumerKey,
        username: user?.Username ?? "",
        privateKeyPath: fixtures.privateKeyPath,
        apiVersion: fixtures.org.apiVersions.max,
      },
      whmcs: {
        url: `${urls.public("whmcs")}/includes/api.php`,
        directUrl: `${urls.direct("whmcs")}/includes/api.php`,
        identifier: credential?.identifier ?? "",
        secret: credential?.secret ?? "",
      },
      freebit: {
        url: `${urls.public("freebit")}/emptool/api`,
        directUrl: `${urls.direct("freebit")}/emptool/api`,
        oemId: fixtures.freebit.oemId,
        oemKey: fixtures.freebit.oemKey,
      },
    },
    mocks: { controlUrl },
  };
}
