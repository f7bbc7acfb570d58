import { defineAction, WhmcsActionError } from "./action.ts";

/** CreateSsoToken: a single-use login link for the client area, valid 60 s. */
export const createSsoToken = defineAction({
  run: ({ params, state }) => {
    const client = state.client(params.get("client_id"));
    if (client === undefined) throw new WhmcsActionError("Client ID Not Found");
    const token = state.issueSsoToken(client.id);
    return { access_token: token, redirect_url: `${state.publicUrl()}/oauth/singlesignon.php?access_token=${token}` };
  },
});
