import type { ToolSpec } from "../../../harness/llm/messages.js";
import { runInCopy } from "../../../harness/exec/run-in-copy.js";
import type { ToolContext } from "./context.js";
import type { WorkspaceContext } from "./workspace.js";
import { locateFiles } from "./locate.js";
import { readFileView } from "./read.js";
import { stepText, traceIndex } from "./trace.js";

export interface ToolOutput {
  text: string;
  /** An image for a model that can see (read on an image with vision on). */
  imageUrl?: string;
}

export interface Tool {
  spec: ToolSpec;
  run(args: Record<string, unknown>): Promise<ToolOutput>;
}

export interface ToolOptions {
  vision: boolean;
  runTool: boolean;
  runTimeoutS?: number;
}

const str = (v: unknown, fallback = "") => (typeof v === "string" ? v : fallback);
const int = (v: unknown) => (typeof v === "number" && Number.isInteger(v) ? v : undefined);

/** The Agent-as-a-Judge's tools over one workspace (and trace), as the model calls them. */
export function judgeTools(ctx: ToolContext, ws: WorkspaceContext, criterion: string, opts: ToolOptions): Tool[] {
  const tools: Tool[] = [
    {
      spec: {
        name: "tree",
        description:
          "The workspace's files and folders with sizes (version control, dependencies and caches left out).",
        parameters: { type: "object", properties: {}, additionalProperties: false },
      },
      run: async () => ({ text: ws.tree }),
    },
    {
      spec: {
        name: "locate",
        description:
          "The files a requirement is about: paths it names (also when saved elsewhere under the same name) " +
          "and search hits.",
        parameters: {
          type: "object",
          properties: { criterion: { type: "string", description: "Defaults to the requirement being judged." } },
          additionalProperties: false,
        },
      },
      run: async (a) => ({
        text:
          (await locateFiles(str(a.criterion, criterion), ws.entries, ws.index))
            .map((l) => `${l.path} — ${l.why}`)
            .join("\n") || "nothing found",
      }),
    },
    {
      spec: {
        name: "read",
        description:
          "Read a workspace file: text with line numbers (long files lose their middle), CSV shape and head, " +
          "JSON, notebook cells, PDF text, image size; other binaries are described.",
        parameters: {
          type: "object",
          properties: { path: { type: "string" }, start_line: { type: "integer" }, end_line: { type: "integer" } },
          required: ["path"],
          additionalProperties: false,
        },
      },
      run: async (a) => {
        try {
          const v = await readFileView(ctx.workspace, str(a.path), {
            vision: opts.vision,
            startLine: int(a.start_line),
            endLine: int(a.end_line),
          });
          return { text: v.text, ...(v.imageUrl ? { imageUrl: v.imageUrl } : {}) };
        } catch (e) {
          return { text: `cannot read ${str(a.path)}: ${(e as Error).message}` };
        }
      },
    },
    {
      spec: {
        name: "search",
        description:
          "Ranked full-text search over the workspace's text files; each hit is file:line with the matching line.",
        parameters: {
          type: "object",
          properties: { query: { type: "string" }, limit: { type: "integer" } },
          required: ["query"],
          additionalProperties: false,
        },
      },
      run: async (a) => ({
        text:
          (await ws.index.search(str(a.query), Math.min(20, int(a.limit) ?? 8)))
            .map((h) => `${h.path}:${h.line} (${h.startLine}-${h.endLine}) ${h.snippet}`)
            .join("\n") || "no hits",
      }),
    },
  ];
  const trace = ctx.trace;
  if (trace) {
    // built once per task, shared with the pipeline workflow's key
    const index = () => ctx.memo("trace-index", async () => traceIndex(trace));
    tools.push({
      spec: {
        name: "trace",
        description:
          "Steps of the agent's trajectory relevant to a query (and the last step): its thought, the tool calls " +
          "it made with their results, files it edited, errors.",
        parameters: {
          type: "object",
          properties: { query: { type: "string" }, limit: { type: "integer" } },
          additionalProperties: false,
        },
      },
      run: async (a) => ({
        text: (await index())
          .relevant(str(a.query, criterion), Math.min(8, int(a.limit) ?? 4))
          .map((s) => stepText(s))
          .join("\n\n"),
      }),
    });
  }
  if (opts.runTool) {
    tools.push({
      spec: {
        name: "run",
        description:
          "Run a shell command in a throwaway copy of the workspace (no effect on it) " +
          "and get its exit code and output.",
        parameters: {
          type: "object",
          properties: { command: { type: "string" } },
          required: ["command"],
          additionalProperties: false,
        },
      },
      run: async (a) => {
        const r = await runInCopy(ctx.workspace, str(a.command), {
          timeoutMs: (opts.runTimeoutS ?? 60) * 1000,
          signal: ctx.signal,
        });
        const out = `${r.stdout}${r.stderr ? `\n[stderr]\n${r.stderr}` : ""}`;
        const tail = out.length > 6000 ? `…${out.slice(-6000)}` : out;
        return { text: `exit ${r.timedOut ? "(timed out)" : r.exitCode}\n${tail}` };
      },
    });
  }
  return tools;
}
