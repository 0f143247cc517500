import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * A DevAI-sized synthetic project: 55 tasks with 366 requirements in all (DevAI's released
 * judgments hold 366), prerequisite chains, three candidates with a small workspace and a
 * DevAI-format trajectory per task.
 */
export async function writeSyntheticProject(dir: string, opts: { tasks?: number; requirements?: number; candidates?: string[] } = {}) {
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
      return `  - { id: ${i}, criteria: "The module \`src/module_${i}.py\` implements step ${i} of ${id} and logs its progress.", category: ${["Dataset or Environment", "Machine Learning Method", "Visualization", "Other"][i % 4]}, prerequisites: ${pre} }`;
    });
    await writeFile(join(dir, "suite", `${id}.yaml`), `id: ${id}\nquery: Build the ${id} pipeline in src/ and save results to results/.\nrequirements:\n${reqs.join("\n")}\n`);
    for (const c of candidates) {
      const ws = join(dir, "workspaces", c, id);
      await mkdir(join(ws, "src"), { recursive: true });
      await mkdir(join(ws, "results"), { recursive: true });
      for (let i = 0; i < Math.min(count, 4); i++) {
        await writeFile(join(ws, "src", `module_${i}.py`), `import logging\n\ndef step_${i}(data):\n    logging.info("step ${i} of ${id} by ${c}")\n    return [x * ${i + 1} for x in data]\n`);
      }
      await writeFile(join(ws, "README.md"), `# ${id}\n\nWritten by ${c}.\n`);
      await writeFile(join(ws, "results", "metrics.json"), JSON.stringify({ accuracy: 0.5 + t / 200 }));
      const steps = Array.from({ length: 5 }, (_, s) => ({
        step: s,
        user_message: s === 0 ? `Build the ${id} pipeline.` : null,
        agent: { thought: `Step ${s}: write src/module_${s}.py`, action: `cat > src/module_${s}.py`, agent_name: c },
        environment: s === 4 ? "All done." : `wrote src/module_${s}.py`,
        step_usage: { input_tokens: 1000, output_tokens: 100, model: "m", cost: 0.01, llm_inference_time: 1, step_execution_time: 2 },
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
${candidates.map((c) => `  - { name: ${c}, kind: dir, path: "workspaces/${c}/{task}", trajectory: "trajectories/${c}/{task}.json" }`).join("\n")}
`,
  );
  return { requirements: made, tasks: nTasks, candidates: candidates.length };
}
