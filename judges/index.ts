import { ResponseCache } from "../harness/cache/response-cache.js";
import type { Config } from "../harness/config/types.js";
import { LlmClient } from "../harness/llm/client.js";
import { resolveEndpoint } from "../harness/llm/endpoint.js";
import { AgentJudge } from "./agent/index.js";
import { LlmJudge } from "./llm/index.js";
import { StaticFirstJudge } from "./static-first.js";
import { StaticJudge } from "./static/index.js";
import type { Judge } from "./types.js";

export function llmClient(config: Config, env: NodeJS.ProcessEnv = process.env): LlmClient {
  return new LlmClient(
    config.judge,
    resolveEndpoint(config.judge, env),
    {
      max: config.retries.max,
      baseDelayMs: config.retries.baseDelayS * 1000,
      maxDelayMs: config.retries.maxDelayS * 1000,
    },
    config.cache.enabled ? new ResponseCache(config.cache.dir) : undefined,
    config.concurrency.judges,
  );
}

/** The judge a run's configuration names; LLM judges throw NoEndpointError without a key. */
export function createJudge(config: Config, env: NodeJS.ProcessEnv = process.env): { judge: Judge; llm?: LlmClient } {
  const j = config.judge;
  if (j.name === "static") return { judge: new StaticJudge() };
  const llm = llmClient(config, env);
  const model = j.name === "llm" ? new LlmJudge(llm, j) : new AgentJudge(llm, j);
  return { judge: j.staticFirst ? new StaticFirstJudge(new StaticJudge(), model) : model, llm };
}
