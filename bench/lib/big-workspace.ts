import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

const COMMON = "self return import def class if else for in not none true false data value result".split(" ");
const SYLLABLES = (
  "ab ac ad al am an ar as at ba be bi bo ca ce ci co da de di do el em en er es fa fe fi fo ga ge gi go " +
  "ha he hi ho il im in io ka ke ki ko la le li lo ma me mi mo na ne ni no ol om on or pa pe pi po " +
  "ra re ri ro sa se si so ta te ti to ul um un ur va ve vi vo"
).split(" ");
/** A code-like vocabulary: a few keywords everywhere, then thousands of identifiers of falling frequency (Zipf). */
const VOCAB = Array.from(
  { length: 20_000 },
  (_, i) =>
    SYLLABLES[i % SYLLABLES.length]! +
    SYLLABLES[Math.floor(i / SYLLABLES.length) % SYLLABLES.length]! +
    (i >= SYLLABLES.length ** 2 ? SYLLABLES[i % 7]! : ""),
);
export const QUERY_WORDS = VOCAB.slice(200, 2000);

/** Deterministic pseudo-random numbers, so every run builds the same workspace. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * A large generated workspace: `files` files, about `totalMb` MB — mostly source and text files of
 * a few KB in nested folders, plus a few hundred large data files (CSV and binary) that hold most
 * of the bytes, as agents' workspaces with datasets do.
 */
export async function writeBigWorkspace(root: string, files = 20_000, totalMb = 200) {
  const rand = rng(42);
  const dataFiles = 200;
  const textFiles = files - dataFiles;
  const word = () =>
    rand() < 0.3
      ? COMMON[Math.floor(rand() * COMMON.length)]!
      : VOCAB[Math.min(VOCAB.length - 1, Math.floor(1 / (rand() + 1e-4)) + Math.floor(rand() * 40))]!;
  let bytes = 0;
  for (let i = 0; i < textFiles; i++) {
    const dir = join(root, `pkg${i % 40}`, `mod${Math.floor(i / 40) % 25}`);
    if (i < 1000) await mkdir(dir, { recursive: true });
    const lines = 40 + Math.floor(rand() * 80);
    const body = Array.from(
      { length: lines },
      (_, l) => `def ${word()}_${word()}_${l}(${word()}, ${word()}):  # ${word()} ${word()} ${word()} ${i}`,
    ).join("\n");
    bytes += body.length;
    await writeFile(join(dir, `file_${i}.${i % 5 === 0 ? "md" : "py"}`), body);
  }
  const target = totalMb * 1024 * 1024;
  const perData = Math.max(1, Math.floor((target - bytes) / dataFiles));
  await mkdir(join(root, "data"), { recursive: true });
  for (let i = 0; i < dataFiles; i++) {
    const buf = Buffer.alloc(perData);
    if (i % 2 === 0) {
      const row = Buffer.from("0.123,4.56,7.89,label\n");
      for (let o = 0; o < perData; o += row.length) row.copy(buf, o);
      await writeFile(join(root, "data", `part_${i}.csv`), buf);
    } else {
      for (let o = 0; o < perData; o += 4) buf.writeUInt32LE((rand() * 2 ** 32) >>> 0, Math.min(o, perData - 4));
      await writeFile(join(root, "data", `weights_${i}.bin`), buf);
    }
    bytes += perData;
  }
  return { files, bytes };
}
