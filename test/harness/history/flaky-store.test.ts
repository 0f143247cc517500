import { join } from "node:path";
import { describe, it } from "vitest";
import { openHistory } from "../../../harness/history/open-db.js";
import { tempDir } from "../../helpers/paths.js";
import { checkFlakyScenario } from "./flaky-scenario.js";

describe("flaky analysis in SQLite", () => {
  it("counts flips by class per requirement and pass^k over the votes of the largest same-work group", async () => {
    const h = await openHistory(join(await tempDir(), "history.db"));
    try {
      await checkFlakyScenario(h);
    } finally {
      await h.close();
    }
  });
});
