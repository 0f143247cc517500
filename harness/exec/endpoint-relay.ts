import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, connect, isIP, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Inside the sandbox (no network of its own): listen on 127.0.0.1:<port>, pipe every connection
 * to the relay's unix socket, then run the agent's command and exit with its status.
 */
const INSIDE =
  `const net=require("net"),cp=require("child_process");const[sock,port,cmd]=process.argv.slice(1);\n` +
  `net.createServer(c=>{const u=net.connect(sock);c.pipe(u).pipe(c);` +
  `u.on("error",()=>c.destroy());c.on("error",()=>u.destroy())})\n` +
  `.listen(+port,"127.0.0.1",()=>cp.spawn("sh",["-c",cmd],{stdio:"inherit"})` +
  `.on("exit",(code,sig)=>process.exit(code??(sig?128:1))));`;

export interface EndpointRelay {
  /** The base URL the agent uses inside the sandbox (same host name, maybe another port). */
  baseUrl: string;
  /** Folder holding the socket (and hosts file): bind it writable into the sandbox. */
  dir: string;
  /** The unix socket whose connections reach the endpoint. */
  socket: string;
  /** A hosts file mapping the endpoint's host name to 127.0.0.1, to bind over /etc/hosts. */
  hostsFile?: string;
  /** The agent's shell command, wrapped so the in-sandbox end of the relay runs first. */
  wrap(command: string): string;
  close(): Promise<void>;
}

const shq = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/**
 * Network for one endpoint only: devjudge listens on a unix socket and connects each connection
 * to the endpoint's host and port (nothing else is reachable); the sandbox, which has no network,
 * reaches it through a small listener on its own loopback. TLS passes through untouched, so a
 * host name keeps its certificate (it is mapped to 127.0.0.1 inside by a hosts file).
 */
export async function startEndpointRelay(endpoint: string): Promise<EndpointRelay> {
  const url = new URL(endpoint);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
  // a short folder: unix socket paths are limited to about 100 bytes
  const dir = await mkdtemp(join(tmpdir(), "dj-net-"));
  const socket = join(dir, "endpoint.sock");
  const live = new Set<Socket>();
  const server = createServer((inside) => {
    const outside = connect({ host, port });
    for (const s of [inside, outside]) {
      live.add(s);
      s.on("close", () => live.delete(s));
    }
    inside.pipe(outside).pipe(inside);
    outside.on("error", () => inside.destroy());
    inside.on("error", () => outside.destroy());
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(socket, resolve));
  const insidePort = port >= 1024 ? port : 10_000 + port;
  const inside = new URL(endpoint);
  inside.port = String(insidePort);
  let hostsFile: string | undefined;
  if (host === "localhost") inside.hostname = "127.0.0.1";
  else if (!isIP(host)) {
    hostsFile = join(dir, "hosts");
    await writeFile(hostsFile, `127.0.0.1 localhost ${host}\n`);
  }
  return {
    baseUrl: inside.toString().replace(/\/$/, endpoint.endsWith("/") ? "/" : ""),
    dir,
    socket,
    hostsFile,
    wrap: (command) => `exec ${shq(process.execPath)} -e ${shq(INSIDE)} ${shq(socket)} ${insidePort} ${shq(command)}`,
    async close() {
      for (const s of live) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
