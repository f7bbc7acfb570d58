import { HttpErrors } from "../errors.ts";
import type { Router } from "../http/router.ts";
import type { PortalServices } from "../services.ts";

/** POST /auth/login {email, password} → an access token; POST /auth/logout revokes the caller's token. */
export function authRoutes(router: Router, { auth }: PortalServices): void {
  router.post("/auth/login", async (context) => {
    const body = await context.json();
    const { email, password } = (body ?? {}) as { email?: unknown; password?: unknown };
    if (typeof email !== "string" || typeof password !== "string" || email.length > 320 || password.length > 1_024) {
      throw HttpErrors.badRequest('send {"email": "...", "password": "..."}');
    }
    return { status: 200, body: await auth.login(context, email.trim().toLowerCase(), password) };
  });

  router.post("/auth/logout", async (context) => {
    const principal = await auth.authenticate(context);
    await auth.logout(principal);
    return { status: 204 };
  });
}
