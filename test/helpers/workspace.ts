import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { tempDir } from "./paths.js";

/** Makes a temp workspace from a map of relative path → content. */
export async function makeWorkspace(files: Record<string, string | Buffer>): Promise<string> {
  const root = await tempDir("devjudge-ws-");
  for (const [rel, content] of Object.entries(files)) {
    const p = join(root, rel);
    await mkdir(dirname(p), { recursive: true });
    await writeFile(p, content);
  }
  return root;
}
