import { execFileSync } from "node:child_process";

export interface SandboxOptions {
  /** Folders the command may write (a copy of the workspace, its home); everything else is read-only. */
  writable: string[];
  /** Folders under /tmp to see read-only again after /tmp is made private (e.g. the project's own folder). */
  readOnly?: string[];
  cwd: string;
  /** Memory limit in MiB (ulimit -d: the data a process really uses). */
  memoryMb?: number;
  network?: boolean;
  /** A file bound over /etc/hosts (the endpoint relay maps the model's host name to loopback). */
  hostsFile?: string;
}

export class SandboxUnavailableError extends Error {
  constructor() {
    super(
      "bubblewrap (bwrap) is not available, so untrusted commands (command checks, command candidates, the judge's run tool) cannot be sandboxed: " +
        "install it (Debian: apt-get install bubblewrap) or, knowing the risk, pass --unsafe-no-sandbox",
    );
    this.name = "SandboxUnavailableError";
  }
}

let unsafe = process.env.DEVJUDGE_UNSAFE_NO_SANDBOX === "1";
/** The bubblewrap binary; DEVJUDGE_BWRAP points elsewhere (tests use it to pretend it is missing). */
const BWRAP = process.env.DEVJUDGE_BWRAP ?? "bwrap";
let probed: boolean | undefined;

/** --unsafe-no-sandbox: run untrusted commands without bubblewrap. */
export function allowUnsandboxed(yes: boolean) {
  unsafe = yes;
}

/** Whether bubblewrap works here (installed, and allowed to make namespaces); probed once. */
export function sandboxAvailable(): boolean {
  if (probed === undefined) {
    try {
      execFileSync(BWRAP, ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--unshare-net", "--unshare-pid", "true"], { stdio: "ignore", timeout: 10_000 });
      probed = true;
    } catch {
      probed = false;
    }
  }
  return probed;
}

/** Throws unless untrusted commands can run: sandboxed, or unsandboxed by explicit choice. */
export function assertCanRunUntrusted() {
  if (!sandboxAvailable() && !unsafe) throw new SandboxUnavailableError();
}

const DEFAULT_MEMORY_MB = 4096;

/**
 * The program and arguments that run a shell command under bubblewrap: the whole system
 * read-only, a private /tmp and /dev, only the given folders writable, no network, its own PID
 * namespace (so killing it kills everything inside), a memory limit. Without bubblewrap
 * (and with --unsafe-no-sandbox) the command runs as it is, with the memory limit still applied.
 */
export function sandboxed(command: string, o: SandboxOptions): { file: string; args: string[] } {
  assertCanRunUntrusted();
  // the data limit (RLIMIT_DATA) counts memory really used; an address-space limit (-v) would break
  // runtimes that reserve large virtual ranges (V8's WebAssembly)
  const limit = `ulimit -d ${(o.memoryMb ?? DEFAULT_MEMORY_MB) * 1024} 2>/dev/null; `;
  if (!sandboxAvailable()) return { file: "sh", args: ["-c", limit + command] };
  const args = ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"];
  for (const r of o.readOnly ?? []) args.push("--ro-bind", r, r);
  for (const w of o.writable) args.push("--bind", w, w);
  if (o.hostsFile) args.push("--ro-bind", o.hostsFile, "/etc/hosts");
  if (!o.network) args.push("--unshare-net");
  args.push("--unshare-pid", "--unshare-ipc", "--die-with-parent", "--chdir", o.cwd, "--", "sh", "-c", limit + command);
  return { file: BWRAP, args };
}
