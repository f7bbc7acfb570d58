import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { projectPath } from "../../src/paths.ts";

export const STANDIN_IMAGE = "firedrill/toxiproxy-standin:test";

const docker = (args: string[]) => execFileSync("docker", args, { encoding: "utf8" }).trim();

/**
 * An image shaped like ghcr.io/shopify/toxiproxy (ENTRYPOINT /toxiproxy taking
 * -host= and -port=), serving firedrill's own Toxiproxy-compatible server:
 * the real image cannot be pulled here, and this exercises the containers
 * backend's Toxiproxy-container path with the same client code.
 */
export async function toxiproxyStandIn(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "firedrill-toxiproxy-standin-"));
  try {
    const entry = path.join(dir, "entry.ts");
    await writeFile(
      entry,
      `import { startProxyServer } from ${JSON.stringify(projectPath("src", "proxy", "index.ts"))};
const flag = (name: string, fallback: string) => process.argv.find((arg) => arg.startsWith(\`-\${name}=\`))?.slice(name.length + 2) ?? fallback;
const server = await startProxyServer({ host: flag("host", "localhost"), port: Number(flag("port", "8474")) });
process.stdout.write(\`Starting Toxiproxy HTTP server on \${server.apiUrl}\\n\`);
process.once("SIGTERM", () => void server.close().then(() => process.exit(0)));
`,
    );
    await build({ entryPoints: [entry], outfile: path.join(dir, "toxiproxy.mjs"), bundle: true, platform: "node", format: "esm", target: "node20", logLevel: "error" });
    await writeFile(path.join(dir, "toxiproxy"), '#!/bin/sh\nexec node /toxiproxy.mjs "$@"\n', { mode: 0o755 });
    const id = docker(["create", "firedrill/node:local", "/bin/true"]);
    try {
      docker(["cp", path.join(dir, "toxiproxy.mjs"), `${id}:/toxiproxy.mjs`]);
      docker(["cp", path.join(dir, "toxiproxy"), `${id}:/toxiproxy`]);
      docker(["commit", "--change", 'ENTRYPOINT ["/toxiproxy"]', "--change", 'CMD ["-host=0.0.0.0"]', id, STANDIN_IMAGE]);
    } finally {
      docker(["rm", "-f", id]);
    }
    return STANDIN_IMAGE;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
