import { runCheck, type Check } from "../../../harness/checks/index.js";
import { makeWorkspace } from "../../helpers/workspace.js";

/** The workspace the check kinds' tests look at. */
export function checkWorkspace(): Promise<string> {
  return makeWorkspace({
    "src/app.py":
      "import argparse\n\ndef main():\n    parser = argparse.ArgumentParser()\n    parser.add_argument('--top', " +
      "type=int)\n",
    "src/util.py": "def helper():\n    return 1\n",
    "results/plot.png": Buffer.alloc(2048, 1),
    "results/empty.csv": "",
    "results/metrics.json": JSON.stringify({ accuracy: 0.91, classes: ["a", "b"], "odd/key": { n: 3 }, nothing: null }),
    "config.yaml": "model:\n  layers: 4\n",
    "broken.json": "{ not json",
    "scripts/ok.sh": "echo hello world\n",
    "file with (parens).txt": "x",
  });
}

/** Runs checks in a workspace made once for the file's tests. */
export function checksIn(workspace: () => string) {
  const signal = new AbortController().signal;
  return (c: Check) => runCheck(c, { workspace: workspace(), signal });
}
