import { beforeAll, describe, expect, it } from "vitest";
import { checksIn, checkWorkspace } from "./fixture.js";

let ws: string;
const check = checksIn(() => ws);

beforeAll(async () => {
  ws = await checkWorkspace();
});

describe("json", () => {
  it("equals, min, max and present on JSON and YAML", async () => {
    expect((await check({ json: { path: "results/metrics.json", pointer: "/accuracy", min: 0.9 } })).pass).toBe(true);
    expect((await check({ json: { path: "results/metrics.json", pointer: "/accuracy", min: 0.95 } })).message).toBe(
      "results/metrics.json#/accuracy is 0.91, expected >= 0.95",
    );
    expect((await check({ json: { path: "results/metrics.json", pointer: "/accuracy", max: 0.5 } })).pass).toBe(false);
    expect(
      (await check({ json: { path: "results/metrics.json", pointer: "/classes", equals: ["a", "b"] } })).pass,
    ).toBe(true);
    expect((await check({ json: { path: "results/metrics.json", pointer: "/classes/1", equals: "c" } })).pass).toBe(
      false,
    );
    expect((await check({ json: { path: "results/metrics.json", pointer: "/odd~1key/n", equals: 3 } })).pass).toBe(
      true,
    );
    expect((await check({ json: { path: "results/metrics.json", pointer: "/nothing", present: true } })).pass).toBe(
      true,
    );
    expect((await check({ json: { path: "results/metrics.json", pointer: "/loss", present: false } })).pass).toBe(true);
    expect(await check({ json: { path: "results/metrics.json", pointer: "/loss", min: 0 } })).toMatchObject({
      pass: false,
      message: "results/metrics.json#/loss is missing",
    });
    expect((await check({ json: { path: "config.yaml", pointer: "/model/layers", equals: 4 } })).pass).toBe(true);
  });

  it("a non-number against min, bad JSON, and a missing file fail with the cause", async () => {
    expect((await check({ json: { path: "results/metrics.json", pointer: "/classes", min: 1 } })).message).toContain(
      "expected a number",
    );
    expect((await check({ json: { path: "broken.json", pointer: "/a", present: true } })).message).toMatch(
      /^broken\.json is not valid JSON/,
    );
    expect((await check({ json: { path: "nope.json", pointer: "/a", present: true } })).message).toBe(
      "nope.json does not exist",
    );
  });
});
