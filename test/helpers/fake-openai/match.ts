/** Request inspection and rule matching for the fake OpenAI server. */
import type { ChatRequestBody, Matcher, RecordedCall, RequestMessage, TextMatch } from "./types.js";

/** Text of a message: string content as-is, array content = its text parts joined with "\n", else "". */
export function messageText(message: RequestMessage | undefined): string {
  const content = message?.content;
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (typeof part === "string" ? part : typeof part?.text === "string" ? part.text : ""))
      .filter((t) => t !== "")
      .join("\n");
  }
  return "";
}

function messages(body: ChatRequestBody): RequestMessage[] {
  return Array.isArray(body.messages) ? body.messages : [];
}

function lastWithRole(body: ChatRequestBody, roles: string[]): RequestMessage | undefined {
  const all = messages(body);
  for (let i = all.length - 1; i >= 0; i--) {
    const m = all[i];
    if (m && roles.includes(m.role)) return m;
  }
  return undefined;
}

export function lastUserText(body: ChatRequestBody): string {
  return messageText(lastWithRole(body, ["user"]));
}

export function lastToolText(body: ChatRequestBody): string | undefined {
  const m = lastWithRole(body, ["tool"]);
  return m === undefined ? undefined : messageText(m);
}

export function systemText(body: ChatRequestBody): string {
  return messages(body)
    .filter((m) => m.role === "system" || m.role === "developer")
    .map(messageText)
    .join("\n");
}

export function lastMessage(body: ChatRequestBody): RequestMessage | undefined {
  const all = messages(body);
  return all[all.length - 1];
}

export function toolNames(body: ChatRequestBody): string[] {
  if (!Array.isArray(body.tools)) return [];
  return body.tools.map((t) => t?.function?.name).filter((n): n is string => typeof n === "string");
}

/** Name of the function forced by `tool_choice: { type: "function", function: { name } }`, if any. */
export function forcedToolName(body: ChatRequestBody): string | undefined {
  const choice = body.tool_choice as { type?: unknown; function?: { name?: unknown } } | undefined;
  if (choice && typeof choice === "object" && choice.type === "function" && typeof choice.function?.name === "string") {
    return choice.function.name;
  }
  return undefined;
}

/** `response_format.type`, "text" when absent. */
export function responseFormatType(body: ChatRequestBody): string {
  const t = body.response_format?.type;
  return typeof t === "string" ? t : "text";
}

/**
 * A structured-output request: `response_format` json_schema / json_object
 * (withStructuredOutput's default) or a function forced by `tool_choice` (method "functionCalling").
 */
export function isStructuredOutputRequest(call: RecordedCall): boolean {
  const fmt = responseFormatType(call.body);
  return fmt === "json_schema" || fmt === "json_object" || forcedToolName(call.body) !== undefined;
}

/** Total length of the text of all messages (the basis of the prompt-token estimate). */
export function promptChars(body: ChatRequestBody): number {
  return messages(body).reduce((n, m) => n + messageText(m).length, 0);
}

export function textMatches(pattern: TextMatch, text: string | undefined): boolean {
  if (text === undefined) return false;
  if (typeof pattern === "string") return text.includes(pattern);
  pattern.lastIndex = 0; // a /g or /y RegExp keeps state between test() calls
  return pattern.test(text);
}

export function matches(matcher: Matcher | undefined, call: RecordedCall): boolean {
  if (matcher === undefined) return true;
  if (typeof matcher === "function") return matcher(call);
  const body = call.body;
  if (matcher.lastUser !== undefined) {
    const user = lastWithRole(body, ["user"]);
    if (user === undefined || !textMatches(matcher.lastUser, messageText(user))) return false;
  }
  if (matcher.lastTool !== undefined && !textMatches(matcher.lastTool, lastToolText(body))) return false;
  if (matcher.lastMessage !== undefined) {
    const last = lastMessage(body);
    if (last === undefined || !textMatches(matcher.lastMessage, messageText(last))) return false;
  }
  if (matcher.lastRole !== undefined && lastMessage(body)?.role !== matcher.lastRole) return false;
  if (matcher.system !== undefined) {
    if (lastWithRole(body, ["system", "developer"]) === undefined) return false;
    if (!textMatches(matcher.system, systemText(body))) return false;
  }
  if (
    matcher.model !== undefined &&
    !textMatches(matcher.model, typeof body.model === "string" ? body.model : undefined)
  ) {
    return false;
  }
  if (matcher.hasTools !== undefined && matcher.hasTools !== toolNames(body).length > 0) return false;
  if (matcher.toolNames !== undefined) {
    const have = toolNames(body);
    if (!matcher.toolNames.every((n) => have.includes(n))) return false;
  }
  if (matcher.responseFormat !== undefined && responseFormatType(body) !== matcher.responseFormat) return false;
  if (matcher.schemaName !== undefined) {
    const name = body.response_format?.json_schema?.name ?? forcedToolName(body);
    if (!textMatches(matcher.schemaName, name)) return false;
  }
  if (matcher.stream !== undefined && matcher.stream !== call.stream) return false;
  return true;
}
