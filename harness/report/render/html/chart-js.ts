import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

let source: string | undefined;

/** Chart.js's UMD build (the dependency the history trends page uses too), inlined so the page needs no network. */
export function chartJsSource(): string {
  const entry = createRequire(import.meta.url).resolve("chart.js"); // …/chart.js/dist/chart.cjs
  source ??= readFileSync(join(dirname(entry), "chart.umd.min.js"), "utf8");
  return source;
}

export const inlineScript = (js: string) => `<script>${js.replace(/<\/script/gi, "<\\/script")}</script>`;
