import { execFile, execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { promisify } from "node:util";
import { isUnder, sandboxRoots } from "./sandbox-paths.js";

export interface SandboxOptions {
  /** Folders the command may write (a copy of the workspace, its home); everything else is read-only or absent. */
  writable: string[];
  /** More folders to show read-only (e.g. the project's folder for a command candidate's `{config_dir}`). */
  readOnly?: string[];
  cwd: string;
  /** Memory limit in MiB (RLIMIT_DATA: the data a process really uses). */
  memoryMb?: number;
  network?: boolean;
  /** A file bound over /etc/hosts (the endpoint relay maps the model's host name to loopback). */
  hostsFile?: string;
}

export interface SandboxedCommand {
  file: string;
  args: string[];
  /** Gives the sandbox's user id back to the pool; call once the command has ended. */
  release(): void;
}

export class SandboxUnavailableError extends Error {
  constructor(why: string) {
    super(
      `${why}, so untrusted commands (command checks, command candidates, the judge's run tool) ` +
        `cannot be sandboxed: ${FIX}`,
    );
    this.name = "SandboxUnavailableError";
  }
}
const FIX =
  "install bubblewrap and util-linux (Debian: apt-get install bubblewrap util-linux) and allow user namespaces, " +
  "or, knowing the risk, pass --unsafe-no-sandbox";

const envNumber = (name: string, fallback: number) =>
  Number(process.env[name]) > 0 ? Number(process.env[name]) : fallback;

/** Limits every sandboxed command gets (per command; see README "Reliability and security"). */
export const SANDBOX_LIMITS = {
  memoryMb: 4096,
  processes: envNumber("DEVJUDGE_SANDBOX_PROCESSES", 512),
  tmpMb: envNumber("DEVJUDGE_SANDBOX_TMP_MB", 512),
  shmMb: 64,
};

let unsafe = process.env.DEVJUDGE_UNSAFE_NO_SANDBOX === "1";
/** The bubblewrap binary; DEVJUDGE_BWRAP points elsewhere (tests use it to pretend it is missing). */
const BWRAP = process.env.DEVJUDGE_BWRAP ?? "bwrap";
/**
 * As root, commands run as uids from this base up: a block of 32 per devjudge process (chosen by
 * its pid) and one uid per concurrent command, since the process limit counts a uid's processes
 * machine-wide — another run's fork bomb must not use up this run's limit.
 */
const UID_BASE = Number(process.env.DEVJUDGE_SANDBOX_UID ?? 1_900_000_000) + (process.pid % 65_536) * 32;
const asRoot = () => process.getuid?.() === 0;
let probed: { ok: true } | { ok: false; why: string } | undefined;
const hidden = new Set<string>();
const usedUids = new Set<number>();

/** --unsafe-no-sandbox: run untrusted commands without bubblewrap. */
export function allowUnsandboxed(yes: boolean) {
  unsafe = yes;
}

/** Paths no sandboxed command may see even where a folder around them is shown (the run, labels, other candidates). */
export function hideFromSandboxes(paths: Iterable<string>) {
  for (const p of paths) hidden.add(p);
}

/**
 * Whether the full sandbox works here: bubblewrap, setpriv and prlimit present, namespaces allowed, and
 * a probe command that really ends up with no capabilities. Probed once.
 */
export function sandboxAvailable(): boolean {
  return probe().ok;
}

function probe() {
  if (probed) return probed;
  const cmd = build(
    "grep -E '^(CapEff|CapBnd):' /proc/self/status; id -u",
    { writable: [], cwd: "/", memoryMb: 256 },
    asRoot() ? UID_BASE : undefined,
  );
  try {
    const out = execFileSync(cmd.file, cmd.args, {
      stdio: ["ignore", "pipe", "pipe"],
      timeout: 20_000,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
    }).toString();
    const caps = [...out.matchAll(/^Cap(?:Eff|Bnd):\s*([0-9a-f]+)/gm)].map((m) => m[1] ?? "");
    const uid = Number(out.trim().split("\n").at(-1));
    if (caps.length !== 2 || caps.some((c) => !/^0+$/.test(c)))
      probed = { ok: false, why: `the sandbox test command kept capabilities (${out.trim().replaceAll("\n", "; ")})` };
    else if (uid === 0) probed = { ok: false, why: "the sandbox test command still ran as root" };
    else probed = { ok: true };
  } catch (e) {
    const err = e as { code?: string; stderr?: Buffer; path?: string };
    const stderr = err.stderr?.toString().trim().split("\n")[0];
    probed = {
      ok: false,
      why:
        err.code === "ENOENT"
          ? "bubblewrap (bwrap) is not available"
          : `the sandbox does not work here (${stderr || String(e)})`,
    };
  }
  return probed;
}

/** Throws unless untrusted commands can run: sandboxed, or unsandboxed by explicit choice. */
export function assertCanRunUntrusted() {
  if (unsafe) return;
  const p = probe();
  if (!p.ok) throw new SandboxUnavailableError(p.why);
}

/**
 * The program and arguments that run a shell command sandboxed (see build); as root, the writable
 * folders are first handed to the sandbox's own unprivileged uid. Without bubblewrap (and with
 * --unsafe-no-sandbox) the command runs as it is, with the limits still applied where prlimit exists.
 */
export async function sandboxed(command: string, o: SandboxOptions): Promise<SandboxedCommand> {
  assertCanRunUntrusted();
  if (!sandboxAvailable()) {
    const limit = `ulimit -d ${(o.memoryMb ?? SANDBOX_LIMITS.memoryMb) * 1024} 2>/dev/null; `;
    return { file: "sh", args: ["-c", limit + command], release() {} };
  }
  let uid: number | undefined;
  if (asRoot()) {
    for (const r of o.readOnly ?? []) {
      if ((statSync(r).mode & 0o005) !== 0o005) {
        throw new Error(
          `as root, devjudge runs untrusted commands as an unprivileged user, which cannot read ${r} ` +
            `(mode ${(statSync(r).mode & 0o777).toString(8)}): ` +
            "make it readable to others (chmod o+rx) or run devjudge as another user",
        );
      }
    }
    uid = UID_BASE;
    while (usedUids.has(uid)) uid++;
    usedUids.add(uid);
    // -h: symlinks are changed themselves, never what they point to
    for (const w of o.writable) await promisify(execFile)("chown", ["-hR", `${uid}:${uid}`, w]);
  }
  const cmd = build(command, o, uid);
  return { ...cmd, release: () => uid !== undefined && usedUids.delete(uid) };
}

/**
 * bubblewrap, with: only the system folders read-only (no /root, /home, /run, /var, no run
 * directory, labels or other candidates — hidden paths are covered by an empty folder), the
 * writable folders, a private size-limited /tmp and /dev/shm, everything else read-only (the
 * sandbox's own root included, so it cannot be filled), its own PID, IPC, UTS, cgroup and network
 * namespaces (network shared only when asked), a new session, killed with its parent. The command
 * has no capabilities and an unprivileged uid: as root, bubblewrap does the mounts and setpriv then
 * drops to a dedicated uid with an empty bounding set (a user namespace mapped to root would still
 * own host root's files); as anyone else, a user namespace maps the user to itself and bubblewrap
 * drops every capability. prlimit caps processes and memory (tmpfs writes are capped by size).
 */
function build(command: string, o: SandboxOptions, uid: number | undefined): { file: string; args: string[] } {
  // order matters: later mounts cover earlier ones (a project under /tmp is bound after the private /tmp)
  const args = [
    "--dev",
    "/dev",
    "--perms",
    "1777",
    "--size",
    String(SANDBOX_LIMITS.shmMb * 2 ** 20),
    "--tmpfs",
    "/dev/shm",
    "--proc",
    "/proc",
  ];
  args.push("--perms", "1777", "--size", String(SANDBOX_LIMITS.tmpMb * 2 ** 20), "--tmpfs", "/tmp");
  // shallowest first: a folder's parents are made (0755) before anything is bound inside it; bound
  // the other way round, bubblewrap would make them itself, readable by root alone
  const roots = sandboxRoots(o.readOnly ?? []).sort((a, b) => a.split("/").length - b.split("/").length);
  for (const r of roots) {
    for (const d of ancestorDirs(
      r,
      roots.filter((x) => x !== r),
      [],
    ))
      args.push("--perms", "0755", "--dir", d);
    args.push("--ro-bind", r, r);
  }
  const hide = [...hidden]
    .filter((h) => roots.some((r) => isUnder(h, r)) && existsSync(h))
    .map((h) => ({ path: h, dir: statSync(h).isDirectory() }));
  for (const h of hide)
    args.push(
      ...(h.dir ? ["--perms", "0755", "--size", "65536", "--tmpfs", h.path] : ["--ro-bind", "/dev/null", h.path]),
    );
  for (const w of o.writable) {
    for (const d of ancestorDirs(
      w,
      roots,
      hide.filter((h) => h.dir).map((h) => h.path),
    ))
      args.push("--perms", "0755", "--dir", d);
    args.push("--bind", w, w);
  }
  // the endpoint relay maps the agent's model host to loopback
  if (o.hostsFile) args.push("--ro-bind", o.hostsFile, "/etc/hosts");
  args.push("--remount-ro", "/dev", "--remount-ro", "/");
  if (uid === undefined)
    args.push(
      "--unshare-all",
      "--unshare-user",
      "--disable-userns",
      "--cap-drop",
      "ALL",
      ...(o.network ? ["--share-net"] : []),
    );
  else
    args.push(
      "--unshare-ipc",
      "--unshare-pid",
      "--unshare-uts",
      "--unshare-cgroup-try",
      ...(o.network ? [] : ["--unshare-net"]),
    );
  // a new session for the command only (no terminal to inject keystrokes into): bubblewrap's own
  // --new-session would take its init out of our process group, and a stop could then miss it
  args.push("--die-with-parent", "--chdir", o.cwd, "--");
  if (uid !== undefined)
    args.push(
      "setpriv",
      `--reuid=${uid}`,
      `--regid=${uid}`,
      "--clear-groups",
      "--inh-caps=-all",
      "--bounding-set=-all",
      "--no-new-privs",
      "--",
    );
  const data = (o.memoryMb ?? SANDBOX_LIMITS.memoryMb) * 2 ** 20;
  // RLIMIT_DATA counts memory really used; an address-space limit would break runtimes that
  // reserve large virtual ranges (V8's WebAssembly). NPROC counts this uid's processes: per
  // sandbox thanks to the user namespace, or to the dedicated uid as root.
  const n = SANDBOX_LIMITS.processes;
  args.push(
    "setsid",
    "--wait",
    "prlimit",
    `--data=${data}:${data}`,
    `--nproc=${n}:${n}`,
    "--core=0:0",
    "--",
    "sh",
    "-c",
    command,
  );
  return { file: BWRAP, args };
}

/**
 * The folders leading to a writable mount, made explicitly 0755: bubblewrap would copy the modes
 * of the host's folders (a 0700 mkdtemp folder, /root), and the sandbox's uid could not walk in.
 * Folders inside a read-only root (and not in a hidden one) are the host's own and stay as they are.
 */
function ancestorDirs(dest: string, roots: string[], hidden: string[]): string[] {
  const out: string[] = [];
  for (let d = dirname(dest); d !== "/" && d !== "/tmp"; d = dirname(d)) {
    if (roots.includes(d) || hidden.includes(d)) break;
    const inHidden = hidden.some((h) => isUnder(d, h));
    if (!inHidden && roots.some((r) => isUnder(d, r))) break;
    out.unshift(d);
  }
  return out;
}
