import type { Finding } from "../doctor.ts";
import { dockerSucceeds } from "./docker-cli.ts";
import { chooseImage, IMAGE_SETTINGS, type ImageRole } from "./image-settings.ts";

const present = (image: string) => dockerSucceeds(["image", "inspect", "--format", "{{.Id}}", image]);

/** `firedrill doctor`: which image each containerized part would run, and whether the engine has it. */
export async function imageFindings(): Promise<Finding[]> {
  return Promise.all(
    (Object.keys(IMAGE_SETTINGS) as ImageRole[]).map(async (role): Promise<Finding> => {
      const choice = await chooseImage(role, present);
      const what = `image: ${role}`;
      const source = { variable: `from ${IMAGE_SETTINGS[role].variable}`, public: "public image", local: `local build; ${IMAGE_SETTINGS[role].publicImage} absent` }[choice.source];
      if (await present(choice.image)) return { what, ok: true, detail: `${choice.image} (${source})`, required: false };
      if (role === "toxiproxy") {
        return { what, ok: false, detail: `${choice.image} absent: firedrill's own Toxiproxy-compatible proxy runs on the host in its place`, required: false };
      }
      return { what, ok: false, detail: `${choice.image} absent (${source})`, fix: "firedrill images build (or docker pull, where a registry is reachable)", required: false };
    }),
  );
}
