import type { IncomingMessage, ServerResponse } from "node:http";

export function readJson(req: IncomingMessage): Promise<any> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}"));
      } catch (e) {
        reject(e);
      }
    });
    req.on("error", reject);
  });
}

export function startSse(res: ServerResponse) {
  res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" });
  return {
    /** An SSE event; `event:` is named as the Anthropic and Responses streams do. */
    send(event: string | undefined, data: unknown) {
      res.write(
        `${event ? `event: ${event}\n` : ""}data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`,
      );
    },
    end: () => res.end(),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/** Rough token count: a quarter of the characters, as the fake OpenAI server counts. */
export const tokens = (v: unknown) => Math.ceil(JSON.stringify(v ?? "").length / 4);

let counter = 0;
export const newId = (prefix: string) =>
  `${prefix}${Date.now().toString(36)}${(counter++).toString(36).padStart(4, "0")}`;
