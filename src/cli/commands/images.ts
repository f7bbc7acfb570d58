import type { Command } from "commander";
import { print } from "./env-options.ts";

/** `firedrill images build`: the local images the containers backend and docker-compose.yml use where no registry is reachable. */
export function registerImages(program: Command): void {
  const images = program.command("images").description("container images for the containers backend and docker-compose.yml");
  images
    .command("build")
    .description("build local images (Debian rootfs with debootstrap: redis-server, PostgreSQL; Node.js for compose); reuses existing ones")
    .option("--mirror <url>", "Debian mirror for debootstrap (default: this machine's apt source)")
    .action(async (options: { mirror?: string }) => {
      const { buildImages } = await import("../../env/containers/images.ts");
      const { IMAGE_SETTINGS } = await import("../../env/containers/image-settings.ts");
      const built = await buildImages({ ...(options.mirror ? { mirror: options.mirror } : {}), log: (line) => print(`images: ${line}`) });
      for (const image of built) print(`${image.built ? "built  " : "reused "} ${image.tag.padEnd(26)}${image.tag === image.versionTag ? "" : ` ${image.versionTag}`}`);
      print("Point the image settings at them (firedrill also falls back to them by itself when the public images are absent):");
      for (const setting of Object.values(IMAGE_SETTINGS)) if (setting.localImage) print(`  export ${setting.variable}=${setting.localImage}`);
    });
}
