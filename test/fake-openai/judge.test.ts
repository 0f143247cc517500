// judgeRules (scripted judge brain) and the standalone main.ts entry.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { ChatOpenAI } from "@langchain/openai";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { z } from "zod";
import { judgeRules, type FakeOpenAI } from "../helpers/fake-openai/server.js";
import { useFakeOpenAI } from "../helpers/fake-openai/use.js";

const Verdict = z.object({
  status: z.enum(["satisfied", "unsatisfied"]),
  reason: z.string(),
  evidence: z.array(z.string()),
});

let fake: FakeOpenAI;
let model: ChatOpenAI;

useFakeOpenAI((s) => ({ fake, model } = s));

describe("judgeRules", () => {
  it("answers structured-output requests from a decision on the criteria (default shape)", async () => {
    const seen: string[] = [];
    fake.addRules(
      ...judgeRules((criteria) => {
        seen.push(criteria);
        return criteria.includes("README") ? "satisfied" : "unsatisfied";
      }),
    );
    fake.appendRules({ reply: { content: "not a verdict request" } });
    const judge = model.withStructuredOutput(Verdict, { name: "verdict" });
    const yes = await judge.invoke([
      new SystemMessage("You are a judge."),
      new HumanMessage("Workspace: ...\nCriteria: The repo has a README.md\nDecide."),
    ]);
    expect(yes).toEqual({ status: "satisfied", reason: "fake judge: satisfied", evidence: [] });
    const no = await judge.invoke("Requirement: tests pass");
    expect(no.status).toBe("unsatisfied");
    expect(seen).toEqual(["The repo has a README.md", "tests pass"]);
    // plain requests are not answered by the judge rule
    expect((await model.invoke("hello")).content).toBe("not a verdict request");
    expect(fake.calls.map((c) => c.matchedBy)).toEqual(["judge", "judge", "#1"]);
  });

  it("takes a custom shape, custom criteria extraction and statuses; works with functionCalling too", async () => {
    fake.addRules(
      ...judgeRules((criteria, lastUser) => (criteria === "C1" && lastUser.startsWith("crit=") ? "pass" : "fail"), {
        criteria: (call) => /crit=(\w+)/.exec(JSON.stringify(call.body.messages))?.[1] ?? "",
        shape: (status, criteria) => ({ verdict: status === "pass", about: criteria }),
        name: "custom-judge",
      }),
    );
    const Custom = z.object({ verdict: z.boolean(), about: z.string() });
    expect(await model.withStructuredOutput(Custom, { name: "v" }).invoke("crit=C1")).toEqual({
      verdict: true,
      about: "C1",
    });
    expect(
      await model.withStructuredOutput(Custom, { name: "v", method: "functionCalling" }).invoke("crit=C2"),
    ).toEqual({ verdict: false, about: "C2" });
    expect(fake.calls.every((c) => c.matchedBy === "custom-judge")).toBe(true);
  });
});

describe("main.ts", () => {
  it("starts a server, prints its base URL and answers structured output with --reply-json", async () => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "test/helpers/fake-openai/main.ts",
        "--port",
        "0",
        "--quiet",
        "--reply-json",
        '{"status":"unsatisfied","reason":"from flag","evidence":["e1"]}',
      ],
      { cwd: new URL("../..", import.meta.url), stdio: ["ignore", "pipe", "inherit"] },
    );
    try {
      const lines = createInterface({ input: child.stdout });
      const baseURL = await new Promise<string>((resolve, reject) => {
        lines.once("line", resolve);
        child.once("exit", (code) => reject(new Error(`main.ts exited with ${code}`)));
      });
      expect(baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const m = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "sk-test", maxRetries: 0, configuration: { baseURL } });
      expect(await m.withStructuredOutput(Verdict, { name: "verdict" }).invoke("judge")).toEqual({
        status: "unsatisfied",
        reason: "from flag",
        evidence: ["e1"],
      });
      expect((await m.invoke("hi")).content).toBe("fake model reply");
    } finally {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
  });
});
