import { beforeAll, describe, expect, it } from "vitest";
import { checksIn, checkWorkspace } from "./fixture.js";

let ws: string;
const check = checksIn(() => ws);

beforeAll(async () => {
  ws = await checkWorkspace();
});

describe("absent", () => {
  it("passes when nothing matches, fails naming what does", async () => {
    expect((await check({ absent: "**/__pycache__" })).pass).toBe(true);
    const r = await check({ absent: "src/*.py" });
    expect(r.pass).toBe(false);
    expect(r.message).toBe("src/*.py should be absent but 2 match(es): src/app.py, src/util.py");
  });
});
