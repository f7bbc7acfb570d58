import { createHash } from "node:crypto";
import { defineAction, WhmcsActionError } from "./action.ts";

/** ValidateLogin: email + password2; closed clients cannot log in. */
export const validateLogin = defineAction({
  run: ({ params, state }) => {
    const email = params.get("email")?.toLowerCase() ?? "";
    const client = state.clients.find((candidate) => candidate.email === email);
    if (client === undefined || client.status === "Closed" || params.get("password2") !== state.fixture.clientPassword) {
      throw new WhmcsActionError("Email or Password Invalid");
    }
    const passwordhash = `$2y$10$${createHash("sha256").update(`${client.id}:${state.fixture.clientPassword}`).digest("base64").slice(0, 53)}`;
    return { userid: client.id, passwordhash, twoFactorEnabled: false };
  },
});
