import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEndpointRelay } from "../../../harness/exec/endpoint-relay.js";

/** One raw HTTP/1.0 request through the relay's unix socket; the whole reply. */
function requestThrough(socket: string, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = connect(socket);
    let reply = "";
    c.on("data", (d) => (reply += d));
    c.on("end", () => resolve(reply));
    c.on("error", reject);
    c.write(`GET ${path} HTTP/1.0\r\nHost: x\r\n\r\n`);
  });
}

describe("endpoint relay: one model endpoint into a sandbox without network", () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((req, res) => res.end(`model endpoint saw ${req.url}`));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => server.close());

  it("a loopback endpoint keeps its URL; every connection to the socket reaches that endpoint; close removes the socket's folder", async () => {
    const relay = await startEndpointRelay(`http://127.0.0.1:${port}/v1`);
    expect(relay.baseUrl).toBe(`http://127.0.0.1:${port}/v1`);
    expect(relay.hostsFile).toBeUndefined();
    expect(relay.socket.length).toBeLessThan(100); // unix socket paths are limited
    expect(await requestThrough(relay.socket, "/v1/models")).toMatch(/model endpoint saw \/v1\/models$/);
    expect(await requestThrough(relay.socket, "/other")).toMatch(/model endpoint saw \/other$/);
    await relay.close();
    expect(existsSync(relay.dir)).toBe(false);
  });

  it("a host name keeps its name (TLS certificates stay valid), is mapped to loopback by a hosts file, and a privileged port moves up", async () => {
    const relay = await startEndpointRelay("https://api.example.test/v1");
    try {
      expect(relay.baseUrl).toBe("https://api.example.test:10443/v1");
      expect(readFileSync(relay.hostsFile!, "utf8")).toBe("127.0.0.1 localhost api.example.test\n");
      expect(relay.wrap("claude -p hi")).toContain(`'${relay.socket}' 10443 'claude -p hi'`);
    } finally {
      await relay.close();
    }
    const local = await startEndpointRelay("http://localhost:8080");
    expect(local.baseUrl).toBe("http://127.0.0.1:8080"); // what the in-sandbox listener binds
    await local.close();
  });
});
