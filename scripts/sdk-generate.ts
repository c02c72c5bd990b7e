/** `npm run sdk:generate`: rewrites the SDK's generated files from the endpoint definitions (no server needed). */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { GENERATED_FILES, renderSdk } from "@/sdk/codegen";

async function main() {
  const files = await renderSdk();
  for (const [key, file] of Object.entries(GENERATED_FILES)) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, files[key as keyof typeof files]);
    console.log(`wrote ${file}`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
