import { registerSecrets } from "../util/redact.js";
import type { JudgeConfig } from "../config/types.js";

export class NoEndpointError extends Error {
  constructor(keyEnv: string) {
    super(
      `no model endpoint is configured for the LLM judges: set ${keyEnv} ` +
        "(and OPENAI_BASE_URL, or judge.base_url / --base-url, " +
        "for another OpenAI-compatible server such as Azure, vLLM, Ollama or LM Studio), " +
        "or run the offline static judge with --judge static",
    );
    this.name = "NoEndpointError";
  }
}

export interface Endpoint {
  baseURL?: string;
  apiKey: string;
}

/** The endpoint the LLM judges talk to: the config's base URL or $OPENAI_BASE_URL, the key from the named variable. */
export function resolveEndpoint(judge: JudgeConfig, env: NodeJS.ProcessEnv = process.env): Endpoint {
  const apiKey = env[judge.apiKeyEnv];
  if (!apiKey) throw new NoEndpointError(judge.apiKeyEnv);
  registerSecrets([apiKey]);
  return { baseURL: judge.baseUrl ?? env.OPENAI_BASE_URL ?? undefined, apiKey };
}
