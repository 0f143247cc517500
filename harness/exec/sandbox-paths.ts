import { existsSync, realpathSync } from "node:fs";
import { dirname, isAbsolute, relative, sep } from "node:path";

/**
 * What every sandbox sees read-only: the system's programs, libraries and settings — not /root,
 * /home, /run, /var, /mnt or /media.
 */
const SYSTEM = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc", "/opt", "/nix", "/sys"];

export const isUnder = (path: string, root: string) => {
  const r = relative(root, path);
  return r === "" || (!r.startsWith("..") && !isAbsolute(r) && r.split(sep)[0] !== "..");
};

/**
 * The folders to show read-only: the system ones that exist, `extra`, and the folders of programs on
 * PATH outside them (for `<prefix>/bin`, the prefix, so its `../lib` resolves) — but nothing under
 * a home folder (/root, /home, $HOME: they hold keys and credentials), /tmp, /run, /var, /proc or /dev.
 */
export function sandboxRoots(extra: string[]): string[] {
  const roots = SYSTEM.filter((d) => existsSync(d));
  const private_ = [
    "/root",
    "/home",
    "/tmp",
    "/run",
    "/var",
    "/proc",
    "/dev",
    ...(process.env.HOME ? [process.env.HOME] : []),
  ];
  for (const entry of (process.env.PATH ?? "").split(":")) {
    if (!isAbsolute(entry) || !existsSync(entry)) continue;
    let dir = realpathSync(entry);
    if (dir.endsWith("/bin")) dir = dirname(dir);
    if (dir !== "/" && !private_.some((p) => isUnder(dir, p)) && !roots.some((r) => isUnder(dir, r))) roots.push(dir);
  }
  for (const e of extra) if (!roots.some((r) => isUnder(e, r))) roots.push(e);
  // a root inside another is shown by it already (and bound first, it would make bubblewrap create
  // the outer one's folders with the host's modes)
  return roots.filter((r) => !roots.some((o) => o !== r && isUnder(r, o)));
}
