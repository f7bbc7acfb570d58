// Writes drills/drill.schema.json from the drill schema's one definition
// (src/drills/drill-schema.ts), the default runbook and the kind registries.
// Run: npx tsx scripts/generate-drill-schema.ts   (src/drills/json-schema.test.ts fails while the file is stale)
import { writeFile } from "node:fs/promises";
import { drillJsonSchemaPath, drillJsonSchemaText } from "../src/drills/index.ts";
import { loadRunbook } from "../src/runbook/index.ts";

async function main(): Promise<void> {
  const runbook = await loadRunbook();
  await writeFile(drillJsonSchemaPath(), drillJsonSchemaText({ runbook }));
  process.stdout.write(`wrote ${drillJsonSchemaPath()}\n`);
}

await main();
