/**
 * The scripted agent model by hand, on the demo tasks:
 *   npx tsx test/helpers/scripted-agent/main.ts --port 8766
 *   ANTHROPIC_BASE_URL=http://127.0.0.1:8766 ANTHROPIC_API_KEY=x claude -p "$(cat query.md)"
 */
import { fileURLToPath } from "node:url";
import { demoTasks } from "./script.js";
import { startScriptedAgentServer } from "./server.js";

const i = process.argv.indexOf("--port");
const server = await startScriptedAgentServer({
  tasks: demoTasks(fileURLToPath(new URL("../../..", import.meta.url))),
  port: i >= 0 ? Number(process.argv[i + 1]) : 0,
});
console.log(server.url);
for (const s of ["SIGINT", "SIGTERM"] as const) process.on(s, () => void server.close().then(() => process.exit(0)));
