import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

const RAN_IT = " and run it on the sample data to check that the rows come out normalised and logged";

/** A module of about 900 characters, like the ones DevAI's agents write. */
function moduleSource(i: number, id: string, c: string): string {
  const body = Array.from(
    { length: 4 },
    (_, k) =>
      `    # stage ${k}: transform the rows of ${id} and keep the log readable\n` +
      `    rows = [normalise(r, scale=${k + 1}) for r in rows if r is not None]\n` +
      `    logging.info("step ${i}.${k} of ${id}: %d rows", len(rows))`,
  ).join("\n");
  return (
    `"""Step ${i} of the ${id} pipeline, written by ${c}."""\nimport logging\n\nfrom .util import normalise\n\n\n` +
    `def step_${i}(rows):\n${body}\n    return rows\n`
  );
}

/**
 * A DevAI-sized synthetic project: 55 tasks with 366 requirements in all (DevAI's released
 * judgments hold 366), prerequisite chains, three candidates with a small workspace and a
 * DevAI-format trajectory per task. `realistic` sizes workspaces and trajectories like the real
 * OpenHands task-39 one (a module per requirement, a README, 20 trajectory steps with long
 * observations), so verdict prompts are as large as there (about 3,300 tokens in the old layout).
 */
export async function writeSyntheticProject(
  dir: string,
  opts: { tasks?: number; requirements?: number; candidates?: string[]; realistic?: boolean } = {},
) {
  const nTasks = opts.tasks ?? 55;
  const nReqs = opts.requirements ?? 366;
  const candidates = opts.candidates ?? ["alpha", "beta", "gamma"];
  await mkdir(join(dir, "suite"), { recursive: true });
  let made = 0;
  for (let t = 0; t < nTasks; t++) {
    const id = `task-${String(t).padStart(2, "0")}`;
    const count = Math.floor(nReqs / nTasks) + (t < nReqs % nTasks ? 1 : 0);
    const reqs = Array.from({ length: count }, (_, i) => {
      made++;
      const pre = i > 0 && i % 3 !== 0 ? `[${i - 1}]` : "[]";
      return (
        `  - { id: ${i}, criteria: "The module \`src/module_${i}.py\` implements step ${i} of ${id} ` +
        `and logs its progress.", ` +
        `category: ${["Dataset or Environment", "Machine Learning Method", "Visualization", "Other"][i % 4]}, ` +
        `prerequisites: ${pre} }`
      );
    });
    await writeFile(
      join(dir, "suite", `${id}.yaml`),
      `id: ${id}\nquery: Build the ${id} pipeline in src/ and save results to results/.\n` +
        `requirements:\n${reqs.join("\n")}\n`,
    );
    for (const c of candidates) {
      const ws = join(dir, "workspaces", c, id);
      await mkdir(join(ws, "src"), { recursive: true });
      await mkdir(join(ws, "results"), { recursive: true });
      for (let i = 0; i < (opts.realistic ? count : Math.min(count, 4)); i++) {
        const src = opts.realistic
          ? moduleSource(i, id, c)
          : `import logging\n\ndef step_${i}(data):\n    logging.info("step ${i} of ${id} by ${c}")\n` +
            `    return [x * ${i + 1} for x in data]\n`;
        await writeFile(join(ws, "src", `module_${i}.py`), src);
      }
      const readme = opts.realistic
        ? Array.from(
            { length: 8 },
            (_, k) =>
              `The ${id} pipeline, part ${k}: run \`python -m src.module_${k}\` ` +
              `to produce results/part_${k}.csv; it logs its progress.`,
          ).join("\n")
        : `Written by ${c}.`;
      await writeFile(join(ws, "README.md"), `# ${id}\n\n${readme}\n`);
      await writeFile(join(ws, "results", "metrics.json"), JSON.stringify({ accuracy: 0.5 + t / 200 }));
      const nSteps = opts.realistic ? 20 : 5;
      const steps = Array.from({ length: nSteps }, (_, s) => ({
        step: s,
        user_message: s === 0 ? `Build the ${id} pipeline.` : null,
        agent: {
          thought: `Step ${s}: write src/module_${s % count}.py${opts.realistic ? RAN_IT : ""}`,
          action: `cat > src/module_${s % count}.py`,
          agent_name: c,
        },
        environment:
          s === nSteps - 1
            ? "All done."
            : opts.realistic
              ? `wrote src/module_${s % count}.py\n${Array.from(
                  { length: 5 },
                  (_, k) =>
                    `INFO step ${s}.${k} of ${id}: ${100 + k * s} rows normalised, 0 dropped, elapsed ${k}.${s}s`,
                ).join("\n")}`
              : `wrote src/module_${s}.py`,
        step_usage: {
          input_tokens: 1000,
          output_tokens: 100,
          model: "m",
          cost: 0.01,
          llm_inference_time: 1,
          step_execution_time: 2,
        },
        accumulated_usage: { accumulated_cost: 0.01 * (s + 1), accumulated_time: 2 * (s + 1) },
      }));
      await mkdir(join(dir, "trajectories", c), { recursive: true });
      await writeFile(join(dir, "trajectories", c, `${id}.json`), JSON.stringify(steps));
    }
  }
  await writeFile(
    join(dir, "devjudge.yaml"),
    `suites: [suite]
cache: { dir: cache }
judge: { name: agent, workflow: pipeline, model: bench-model, prices: { bench-model: { input: 0.15, output: 0.6 } } }
candidates:
${candidates
  .map(
    (c) => `  - { name: ${c}, kind: dir, path: "workspaces/${c}/{task}", trajectory: "trajectories/${c}/{task}.json" }`,
  )
  .join("\n")}
`,
  );
  return { requirements: made, tasks: nTasks, candidates: candidates.length };
}
