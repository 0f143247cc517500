#!/usr/bin/env node
// Fails (exit 1) listing file:line for every line over the width in tracked source files.
// Biome keeps code within 120 columns but cannot break strings, template literals or comments,
// so this catches what the formatter leaves. It skips what biome.json leaves out of formatting
// (generated code, the demo's sample candidates in seeds/, ...), and a test's title line: Biome, like
// Prettier, keeps `it("title", async () => {` on one line whatever its length, so a long title
// cannot be wrapped without a split string the formatter then puts back on one line.
// Usage: node scripts/check-line-width.mjs [width]
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const width = Number(process.argv[2] ?? 120);
if (!Number.isInteger(width) || width <= 0) {
  console.error(`check-line-width: width must be a positive integer, got ${process.argv[2]}`);
  process.exit(2);
}

// paths below are relative to the repository's root, wherever this is run from
process.chdir(execFileSync("git", ["rev-parse", "--show-toplevel"], { encoding: "utf8" }).trim());

// biome.json's "!folder" and "!**/name" entries: a path under the folder, or with a part so named
const ignored = JSON.parse(readFileSync("biome.json", "utf8"))
  .files.includes.filter((entry) => entry.startsWith("!"))
  .map((entry) => entry.slice(1));
const isIgnored = (file) =>
  ignored.some((entry) =>
    entry.startsWith("**/") ? file.split("/").includes(entry.slice(3)) : file === entry || file.startsWith(`${entry}/`),
  );

const patterns = ["*.ts", "*.tsx", "*.mjs", "*.cjs"];
const files = execFileSync("git", ["ls-files", "-z", "--", ...patterns], { encoding: "utf8" })
  .split("\0")
  .filter((file) => file !== "" && !isIgnored(file));

/** `it("…", `, `describe.skipIf(x)("…", `, `test.each(…)("…", `: the line a test call's title is on. */
const TEST_TITLE = /^\s*(it|test|describe)(\.\w+(\([^)]*\))?)*\((["'`]).*\4,( async)? (\(\) =>|function\b)/;

const long = [];
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    continue; // tracked but deleted in the work tree
  }
  text.split("\n").forEach((line, index) => {
    if (TEST_TITLE.test(line)) return;
    // Count code points, as an editor's column does, not UTF-16 units.
    const length = [...line.replace(/\r$/, "")].length;
    if (length > width) long.push(`${file}:${index + 1}: ${length} characters`);
  });
}

if (long.length > 0) {
  console.error(long.join("\n"));
  console.error(`${long.length} line(s) over ${width} characters`);
  process.exit(1);
}
console.log(`check-line-width: ${files.length} files, no line over ${width} characters`);
