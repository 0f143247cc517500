import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { once } from "node:events";

/**
 * Writes a transcript of at least `bytes` by repeating the lines of a real one, verbatim (no
 * format is invented: every line is a line the agent wrote). Returns the size written.
 */
export async function writeRepeatedTranscript(sample: string, out: string, bytes: number): Promise<number> {
  const text = (await readFile(sample, "utf8")).trimEnd();
  const chunk = `${text}\n`;
  const size = Buffer.byteLength(chunk);
  const stream = createWriteStream(out);
  let written = 0;
  while (written < bytes) {
    if (!stream.write(chunk)) await once(stream, "drain");
    written += size;
  }
  stream.end();
  await once(stream, "finish");
  return written;
}
