/**
 * Standalone fake OpenAI server, to point devjudge at by hand:
 *
 *   npx tsx test/helpers/fake-openai/main.ts --port 8765 [--reply-json '{"status":"satisfied",...}']
 *       [--reply-text 'plain answer'] [--latency-ms 200] [--quiet]
 *
 * Prints the base URL (e.g. http://127.0.0.1:8765/v1) as the first stdout line. Every
 * structured-output request (json_schema / json_object / forced function) is answered with the
 * --reply-json object (default {"status":"satisfied","reason":"fake model","evidence":[]});
 * every other chat request with --reply-text. Each request is logged on stderr unless --quiet.
 */
import { parseArgs } from "node:util";
import { isStructuredOutputRequest, lastUserText, startFakeOpenAI } from "./server.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8765" },
    "reply-json": { type: "string" },
    "reply-text": { type: "string", default: "fake model reply" },
    "latency-ms": { type: "string", default: "0" },
    quiet: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (values.help) {
  console.log(
    "usage: tsx test/helpers/fake-openai/main.ts [--port 8765] [--reply-json '<json>'] [--reply-text '<text>'] " +
      "[--latency-ms N] [--quiet]",
  );
  process.exit(0);
}

let replyJson: unknown = { status: "satisfied", reason: "fake model", evidence: [] };
if (values["reply-json"] !== undefined) {
  try {
    replyJson = JSON.parse(values["reply-json"]);
  } catch (err) {
    console.error(`--reply-json is not valid JSON: ${String(err)}`);
    process.exit(2);
  }
}
const port = Number(values.port);
const latencyMs = Number(values["latency-ms"]);
if (!Number.isInteger(port) || port < 0 || port > 65535 || !Number.isFinite(latencyMs) || latencyMs < 0) {
  console.error("--port must be an integer 0..65535 and --latency-ms a number >= 0");
  process.exit(2);
}

const fake = await startFakeOpenAI({
  port,
  latencyMs,
  rules: [
    {
      name: "structured",
      match: (call) => {
        if (!values.quiet) {
          const kind = isStructuredOutputRequest(call) ? "structured" : "text";
          console.error(
            `[fake-openai] ${call.method} ${call.path} model=${call.body.model ?? "-"} ${kind} last user: ` +
              `${JSON.stringify(lastUserText(call.body).slice(0, 80))}`,
          );
        }
        return isStructuredOutputRequest(call);
      },
      reply: { json: replyJson },
    },
  ],
  defaultReply: { content: values["reply-text"] },
});

console.log(fake.baseURL);
if (!values.quiet) console.error(`[fake-openai] listening; any API key is accepted; Ctrl-C to stop`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void fake.close().finally(() => process.exit(0));
  });
}
