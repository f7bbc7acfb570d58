/**
 * What a virtual customer does, one request per arrival: a session is a
 * login, the billing pages and the order list, an order-status stream
 * opened (and held in the background), more page views, a logout.
 */
export const STEPS = {
  login: { method: "POST", path: "/auth/login" },
  invoices: { method: "GET", path: "/billing/invoices" },
  paymentMethods: { method: "GET", path: "/billing/payment-methods" },
  orders: { method: "GET", path: "/orders" },
  stream: { method: "GET", path: "/orders/stream" },
  logout: { method: "POST", path: "/auth/logout" },
} as const satisfies Record<string, { method: "GET" | "POST"; path: string }>;

export type StepName = keyof typeof STEPS;
export type PageStep = "invoices" | "paymentMethods" | "orders";

/** How the SLIs name a step's requests: "GET /billing/invoices". */
export const routeOf = (step: StepName): string => `${STEPS[step].method} ${STEPS[step].path}`;

export const ROUTES: readonly string[] = (Object.keys(STEPS) as StepName[]).map(routeOf);

const BROWSING: readonly PageStep[] = ["orders", "invoices", "paymentMethods"];

/** One session's steps, `pagesPerSession` (at least 3) page views in all. */
export function sessionScript(pagesPerSession: number): readonly StepName[] {
  const pages = Math.max(3, Math.floor(pagesPerSession));
  const more = Array.from({ length: pages - 3 }, (_, index) => BROWSING[index % BROWSING.length]!);
  return ["login", "invoices", "paymentMethods", "orders", "stream", ...more, "logout"];
}
