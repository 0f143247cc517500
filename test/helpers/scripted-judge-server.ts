/**
 * Starts the fake OpenAI server with the scripted judge model, for trying the LLM judges offline:
 *   npx tsx test/helpers/scripted-judge-server.ts --port 8765
 *   OPENAI_API_KEY=sk-fake OPENAI_BASE_URL=http://127.0.0.1:8765/v1 npx devjudge run --judge agent
 */
import { startFakeOpenAI } from "./fake-openai/server.js";
import { scriptedJudgeRules } from "./scripted-judge.js";

const i = process.argv.indexOf("--port");
const port = i >= 0 ? Number(process.argv[i + 1]) : 0;
const fake = await startFakeOpenAI({ rules: scriptedJudgeRules(), port });
console.log(fake.baseURL);
process.on("SIGINT", () => void fake.close().then(() => process.exit(0)));
process.on("SIGTERM", () => void fake.close().then(() => process.exit(0)));
