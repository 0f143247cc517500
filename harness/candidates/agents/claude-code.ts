import { newestFile, opt, promptArg, type AgentPreset } from "./types.js";

/**
 * Claude Code in print mode. Permissions are skipped because devjudge's sandbox is the boundary;
 * Claude Code refuses that as root unless IS_SANDBOX=1 says it is sandboxed. Its session
 * transcript lands under $HOME/.claude/projects/<cwd with / as ->/<session>.jsonl.
 */
export const claudeCode: AgentPreset = {
  name: "claude-code",
  title: "Claude Code",
  binary: "claude",
  install: "npm install -g @anthropic-ai/claude-code",
  keyEnv: ["ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN"],
  defaultBaseUrl: "https://api.anthropic.com",
  traceFormat: "claude-code",
  command: (c) =>
    `claude -p ${promptArg(c)} --output-format stream-json --verbose --dangerously-skip-permissions` +
    `${opt("--model", c.model)}`,
  env: (c) => ({
    IS_SANDBOX: "1",
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    DISABLE_AUTOUPDATER: "1",
    ...(c.baseUrl ? { ANTHROPIC_BASE_URL: c.baseUrl } : {}),
  }),
  // the main session file, not sub-agents' (<session>/subagents/*.jsonl)
  transcript: (c) => newestFile(c.home, [".claude/projects/*/*.jsonl"]),
};
