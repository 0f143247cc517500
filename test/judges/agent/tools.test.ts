import { symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { locateFiles, namedPaths } from "../../../judges/agent/tools/locate.js";
import { middleTruncate, readFileView } from "../../../judges/agent/tools/read.js";
import { scanWorkspace } from "../../../judges/agent/tools/scan.js";
import { buildSearchIndex } from "../../../judges/agent/tools/search.js";
import { renderTree } from "../../../judges/agent/tools/tree.js";
import { traceIndex } from "../../../judges/agent/tools/trace.js";
import { readDevaiTrajectory } from "../../../harness/trace/read-devai.js";
import { SKIP_DEVAI, repoRoot, devai, skipDevai } from "../../helpers/paths.js";
import { makeWorkspace } from "../../helpers/workspace.js";

const oh = () => join(devai(), "workspaces/OpenHands/39_Drug_Response_Prediction_SVM_GDSC_ML");

describe.skipIf(skipDevai)(`tools on the real OpenHands workspace (${skipDevai ? SKIP_DEVAI : "task 39"})`, () => {
  it("read: the PDF report's text, page by page", async () => {
    const v = await readFileView(oh(), "results/drug_response_prediction_report.pdf");
    expect(v.kind).toBe("pdf");
    expect(v.text).toMatch(
      new RegExp(
        String.raw`^results/drug_response_prediction_report\.pdf \(103\.8 KB\), PDF, 2 page\(s\) of text\n\[page` +
          String.raw` 1\]\nDrug Response Prediction Report\nData Preprocessing`,
      ),
    );
    expect(v.text).toContain("Performed feature selection using SelectKBest");
  });

  it("read: a PNG's format and dimensions, and with vision a data URL", async () => {
    const v = await readFileView(oh(), "results/rmse_scores.png");
    expect(v.text).toBe("PNG image, 640×480 pixels, 21.9 KB");
    expect(v.imageUrl).toBeUndefined();
    expect((await readFileView(oh(), "results/rmse_scores.png", { vision: true })).imageUrl).toMatch(
      /^data:image\/png;base64,iVBORw0KGgo/,
    );
  });

  it("read: a CSV's shape and head", async () => {
    const v = await readFileView(oh(), "gdsc_dataset.csv");
    expect(v.kind).toBe("csv");
    expect(v.text).toContain(
      "100 data row(s) × 11 column(s); columns: feature1, feature2, feature3, feature4, feature5, feature6, " +
        "feature7, " +
        "feature8, feature9, feature10, target",
    );
  });

  it("locate: finds the file the criterion names even where the agent saved it elsewhere", async () => {
    const { entries } = await scanWorkspace(oh());
    const index = await buildSearchIndex(oh(), entries);
    const found = await locateFiles(
      "The performance results are saved as `results/metrics/performance.txt`.",
      entries,
      index,
    );
    expect(found[0]).toEqual({
      path: "results/performance.txt",
      why: "the criterion names results/metrics/performance.txt; this file has that name",
    });
    const svr = await locateFiles('The "SVM regressor" is implemented in `src/model.py`.', entries, index);
    expect(svr[0]).toEqual({ path: "src/model.py", why: "named in the criterion" });
  });

  it("search: ranked hits with file and line", async () => {
    const { entries } = await scanWorkspace(oh());
    const index = await buildSearchIndex(oh(), entries);
    const hits = await index.search("cross_val_score", 3);
    expect(hits[0]).toMatchObject({
      path: "src/train.py",
      line: 2,
      snippet: "from sklearn.model_selection import cross_val_score",
    });
  });

  it("trace: the steps about a criterion, and the last step", async () => {
    const t = await readDevaiTrajectory(
      join(devai(), "trajectories/OpenHands/39_Drug_Response_Prediction_SVM_GDSC_ML.json"),
    );
    const steps = traceIndex(t).relevant("seaborn visualization figures", 3);
    expect(steps.at(-1)!.index).toBe(t.steps.length - 1);
    expect(steps.some((s) => /seaborn|sns\./.test(`${s.thought} ${s.action} ${s.observation}`))).toBe(true);
  });
});

describe("tools on fixture workspaces", () => {
  let ws: string;
  beforeAll(async () => {
    ws = await makeWorkspace({
      "src/app.py": "import os\n\ndef main():\n    print('hi')\n",
      "big.log": Array.from({ length: 200_000 }, (_, i) => `line ${i} of a very long log file`).join("\n"),
      "data/table.tsv": "a\tb\n1\t2\n3\t4\n",
      "nb.ipynb": JSON.stringify({
        cells: [
          { cell_type: "markdown", source: ["# Title"] },
          { cell_type: "code", source: "print(1)", outputs: [{ output_type: "stream", text: ["1\n"] }] },
        ],
      }),
      "blob.bin": Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0, 1, 2, 3]),
      "latin1.txt": Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]),
      "fake.png": "not really a png",
      "node_modules/lib/index.js": "x",
      ".git/HEAD": "ref",
      "venv/lib/site.py": "x",
    });
  });

  it("tree: sizes, and no .git, node_modules or virtualenv", async () => {
    const { entries } = await scanWorkspace(ws);
    const tree = renderTree(entries);
    expect(tree).toContain("src/\n  app.py (39 B)");
    expect(tree).not.toMatch(/node_modules|\.git|venv/);
    expect(tree).toMatch(/\d+ file\(s\), [\d.]+ MB$/);
  });

  it("read: a huge file is capped in bytes and loses its middle", async () => {
    const v = await readFileView(ws, "big.log", { maxBytes: 64 * 1024, maxChars: 4000 });
    expect(v.text).toMatch(/^big\.log \([\d.]+ MB, only the head and tail were read\)/);
    expect(v.text).toContain("line 0 of a very long log file");
    expect(v.text).toContain("line 199999 of a very long log file");
    expect(v.text).toMatch(/characters cut from the middle/);
    expect(v.text.length).toBeLessThan(4300);
  });

  it("read: a path that does not exist, a folder, line ranges, TSV, notebooks, binaries, non-UTF-8, a fake image", async () => {
    expect(await readFileView(ws, "nope.txt")).toEqual({
      path: "nope.txt",
      kind: "missing",
      text: "nope.txt: no such file in the workspace",
    });
    expect((await readFileView(ws, "src")).kind).toBe("directory");
    expect((await readFileView(ws, "src/app.py", { startLine: 3, endLine: 4 })).text).toBe(
      "src/app.py (39 B), lines 3-4 of 5\n    3  def main():\n    4      print('hi')",
    );
    expect((await readFileView(ws, "data/table.tsv")).text).toContain("2 data row(s) × 2 column(s); columns: a, b");
    expect((await readFileView(ws, "nb.ipynb")).text).toContain("[cell 2 code]\nprint(1)\n[output]\n1\n");
    expect((await readFileView(ws, "blob.bin")).text).toBe(
      "blob.bin: binary file (application/zip, .zip), 12 B; its contents cannot be shown as text",
    );
    expect((await readFileView(ws, "latin1.txt")).text).toContain("(not valid UTF-8; shown as Latin-1)");
    expect((await readFileView(ws, "latin1.txt")).text).toContain("café");
    expect((await readFileView(ws, "fake.png")).text).toBe(
      "fake.png: named like an image (.png) but not a readable one; 16 B",
    );
  });

  it("read refuses paths outside the workspace: .., absolute, symlinks out, symlinked folders, the judge's own config, /proc/self", async () => {
    await symlink("/etc/passwd", join(ws, "passwd-link"));
    await symlink("/proc/self", join(ws, "self"));
    await symlink("/etc", join(ws, "etc-dir"));
    await symlink(join(repoRoot, "devjudge.yaml"), join(ws, "judge-config.yaml"));
    await expect(readFileView(ws, "etc-dir/passwd")).rejects.toThrow(/outside the workspace/);
    await expect(readFileView(ws, "judge-config.yaml")).rejects.toThrow(/outside the workspace/);
    // and search and tree do not follow them either
    const { entries } = await scanWorkspace(ws);
    expect(
      (await (await buildSearchIndex(ws, entries)).search("candidates suites judge")).map((h) => h.path),
    ).not.toContain("judge-config.yaml");
    await expect(readFileView(ws, "../../etc/passwd")).rejects.toThrow(/outside the workspace/);
    await expect(readFileView(ws, "/etc/passwd")).rejects.toThrow(/outside the workspace/);
    await expect(readFileView(ws, "passwd-link")).rejects.toThrow(/outside the workspace/);
    await expect(readFileView(ws, "self/environ")).rejects.toThrow(/outside the workspace/);
  });

  it("namedPaths and middleTruncate", async () => {
    expect(
      namedPaths("Save to `results/figures/` and write src/train.py; report.md has 1.5 pages, plots in out/."),
    ).toEqual(["results/figures/", "src/train.py", "report.md", "out/"]);
    expect(namedPaths("Logic is kept apart from file and console I/O, and/or reused.")).toEqual([]);
    expect(middleTruncate("a".repeat(50) + "b".repeat(50), 20)).toBe(
      `${"a".repeat(12)}\n… [80 characters cut from the middle] …\n${"b".repeat(8)}`,
    );
    await writeFile(join(ws, "x.txt"), "x");
  });
});

describe("run tool (off unless run_tool: true)", () => {
  it("runs in a throwaway copy: exit code and output come back, the workspace is untouched", async () => {
    const { judgeTools } = await import("../../../judges/agent/tools/index.js");
    const ws = await makeWorkspace({ "hello.sh": "echo hello from $(basename $PWD); touch made-by-run" });
    const ctx = {
      task: {} as never,
      candidate: "c",
      workspace: ws,
      signal: new AbortController().signal,
      memo: <T>(_k: string, f: () => Promise<T>) => f(),
    };
    const wsCtx = {
      entries: [],
      tree: "",
      index: { search: async () => [], chunks: 0, files: 0, close() {} },
      close() {},
    };
    expect(judgeTools(ctx, wsCtx, "c", { vision: false, runTool: false }).map((t) => t.spec.name)).toEqual([
      "tree",
      "locate",
      "read",
      "search",
    ]);
    const run = judgeTools(ctx, wsCtx, "c", { vision: false, runTool: true }).find((t) => t.spec.name === "run")!;
    expect((await run.run({ command: "sh hello.sh; exit 4" })).text).toBe("exit 4\nhello from workspace\n");
    expect((await scanWorkspace(ws)).entries.map((e) => e.path)).toEqual(["hello.sh"]);
  });
});

describe("search over a workspace split across worker threads", () => {
  it("finds what the one-thread index finds, ranks the distinctive file first, and stops its workers on close", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++)
      files[`src/mod_${i}.py`] = Array.from(
        { length: 50 },
        (_, l) => `def handler_${i}_${l}(request):\n    return render(request, "page_${i}")`,
      ).join("\n");
    files["src/billing/invoice_totals.py"] =
      "def invoice_totals(orders):\n    # sums the VAT per invoice\n    return sum(o.vat for o in orders)\n";
    const ws = await makeWorkspace(files);
    const { entries } = await scanWorkspace(ws);
    const single = await buildSearchIndex(ws, entries, { maxShards: 1 });
    const sharded = await buildSearchIndex(ws, entries, { maxShards: 3, bytesPerShard: 1024 });
    expect([sharded.files, sharded.chunks]).toEqual([single.files, single.chunks]);
    for (const q of ["VAT per invoice totals", "page_17 handler"]) {
      const [a, b] = [await single.search(q, 5), await sharded.search(q, 5)];
      // the top hit is the same; below it, shards rank the many equal "handler" chunks by their own statistics
      expect(b[0]!.path).toBe(a[0]!.path);
      expect(b).toHaveLength(a.length);
    }
    expect((await sharded.search("VAT", 1))[0]).toMatchObject({
      path: "src/billing/invoice_totals.py",
      line: 2,
      snippet: "# sums the VAT per invoice",
    });
    sharded.close();
    await expect(sharded.search("invoice", 1)).rejects.toThrow(/search worker stopped/);
  });
});
