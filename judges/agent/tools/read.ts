import { closeSync, openSync, readSync, statSync } from "node:fs";
import { READ_NONBLOCK } from "../../../harness/util/safe-open.js";
import { open } from "node:fs/promises";
import { extname } from "node:path";
import { resolveInside } from "../../../harness/workspace/paths.js";
import { humanSize } from "./tree.js";

export interface ReadOptions {
  /** Characters of text returned at most; longer content loses its middle. */
  maxChars?: number;
  /** Bytes read from disk at most; larger files are read at the head and the tail. */
  maxBytes?: number;
  /** Return images as data URLs for a model that can see. */
  vision?: boolean;
  startLine?: number;
  endLine?: number;
}

export interface FileView {
  path: string;
  kind: "text" | "csv" | "json" | "notebook" | "pdf" | "image" | "binary" | "missing" | "directory";
  text: string;
  /** data:image/...;base64, for vision models. */
  imageUrl?: string;
}

const IMAGE = new Set([".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".svg", ".ico"]);

/** Keeps the head and tail of a long text, saying how much of the middle was cut. */
export function middleTruncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = Math.floor(max * 0.6);
  const tail = max - head;
  const cut = text.length - head - tail;
  return `${text.slice(0, head)}\n… [${cut} characters cut from the middle] …\n${text.slice(-tail)}`;
}

export const numberLines = (text: string, first = 1) =>
  text
    .split("\n")
    .map((l, i) => `${String(first + i).padStart(5)}  ${l}`)
    .join("\n");

/**
 * Files up to this size are read synchronously: for a small file that is a fraction of the CPU of
 * the promise API, and blocks for microseconds.
 */
const SYNC_READ_BYTES = 1024 * 1024;

/** The first `size` bytes of a file (fewer if it shrank), synchronously. */
export function readSmallSync(file: string, size: number): Buffer {
  const fd = openSync(file, READ_NONBLOCK);
  try {
    const buf = Buffer.allocUnsafe(size);
    let n = 0;
    while (n < size) {
      const got = readSync(fd, buf, n, size - n, n);
      if (got === 0) break;
      n += got;
    }
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

async function readCapped(file: string, size: number, maxBytes: number): Promise<{ buf: Buffer; partial: boolean }> {
  if (size <= maxBytes && size <= SYNC_READ_BYTES) return { buf: readSmallSync(file, size), partial: false };
  const fh = await open(file, READ_NONBLOCK);
  try {
    if (size <= maxBytes) return { buf: await fh.readFile(), partial: false };
    const half = Math.floor(maxBytes / 2);
    const head = Buffer.alloc(half);
    const tail = Buffer.alloc(half);
    await fh.read(head, 0, half, 0);
    await fh.read(tail, 0, half, size - half);
    return {
      buf: Buffer.concat([head, Buffer.from(`\n… [${size - 2 * half} bytes not read] …\n`), tail]),
      partial: true,
    };
  } finally {
    await fh.close();
  }
}

function decodeText(buf: Buffer): { text: string; note?: string } | undefined {
  if (buf.subarray(0, 8192).includes(0)) return undefined;
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(buf) };
  } catch {
    // not UTF-8: show it as Latin-1 rather than refusing, and say so
    return { text: buf.toString("latin1"), note: "(not valid UTF-8; shown as Latin-1)" };
  }
}

function csvView(text: string, sep: string): string {
  const lines = text.split(/\r?\n/).filter((l) => l.length);
  const splitRow = (l: string) =>
    l
      .match(new RegExp(`("([^"]|"")*"|[^${sep}]*)(${sep}|$)`, "g"))
      ?.filter((c) => c !== "")
      .map((c) => c.replace(new RegExp(`${sep}$`), "")) ?? [];
  const header = splitRow(lines[0] ?? "");
  return [
    `${Math.max(0, lines.length - 1)} data row(s) × ${header.length} column(s); columns: ${header.join(", ")}`,
    "first rows:",
    ...lines.slice(0, 11),
  ].join("\n");
}

function notebookView(json: string): string {
  const nb = JSON.parse(json) as {
    cells?: {
      cell_type: string;
      source: string | string[];
      outputs?: { text?: string | string[]; data?: Record<string, unknown>; output_type: string }[];
    }[];
  };
  const join = (s: string | string[] | undefined) => (Array.isArray(s) ? s.join("") : (s ?? ""));
  return (nb.cells ?? [])
    .map((c, i) => {
      const outputs = (c.outputs ?? []).map(
        (o) =>
          join(o.text) ||
          (o.data?.["text/plain"]
            ? join(o.data["text/plain"] as string[])
            : `[${o.output_type}${o.data ? `: ${Object.keys(o.data).join(", ")}` : ""}]`),
      );
      const shown = outputs.length ? `\n[output]\n${outputs.join("\n")}` : "";
      return `[cell ${i + 1} ${c.cell_type}]\n${join(c.source)}${shown}`;
    })
    .join("\n\n");
}

async function pdfView(buf: Buffer): Promise<string> {
  const { extractText, getDocumentProxy } = await import("unpdf");
  const pdf = await getDocumentProxy(new Uint8Array(buf));
  const { totalPages, text } = await extractText(pdf, { mergePages: false });
  return [`PDF, ${totalPages} page(s) of text`, ...(text as string[]).map((t, i) => `[page ${i + 1}]\n${t}`)].join(
    "\n",
  );
}

/**
 * A file as a reviewer wants to see it: text with line numbers, CSV shape and head, JSON, notebook
 * cells, PDF text, image format and size — and, for any other binary, what it is and how big, so
 * nothing unreadable passes for fine. Paths outside the workspace are refused.
 */
export async function readFileView(root: string, rel: string, opts: ReadOptions = {}): Promise<FileView> {
  const maxChars = opts.maxChars ?? 12_000;
  const real = await resolveInside(root, rel);
  if (!real) return { path: rel, kind: "missing", text: `${rel}: no such file in the workspace` };
  const info = statSync(real);
  if (info.isDirectory()) return { path: rel, kind: "directory", text: `${rel} is a folder` };
  // a FIFO would block the read forever; sockets and devices are not the candidate's files
  if (!info.isFile())
    return { path: rel, kind: "binary", text: `${rel} is not a regular file (a FIFO, socket or device); not read` };
  const ext = extname(rel).toLowerCase();
  const size = `${humanSize(info.size)}`;
  if (IMAGE.has(ext) && ext !== ".svg") {
    const { buf } = await readCapped(real, info.size, 20 * 1024 * 1024);
    try {
      const { imageSize } = await import("image-size");
      const dim = imageSize(buf);
      const text = `${(dim.type ?? ext.slice(1)).toUpperCase()} image, ${dim.width}×${dim.height} pixels, ${size}`;
      const imageUrl = opts.vision
        ? `data:image/${dim.type === "jpg" ? "jpeg" : dim.type};base64,${buf.toString("base64")}`
        : undefined;
      return { path: rel, kind: "image", text, ...(imageUrl ? { imageUrl } : {}) };
    } catch {
      return {
        path: rel,
        kind: "binary",
        text: `${rel}: named like an image (${ext}) but not a readable one; ${size}`,
      };
    }
  }
  if (ext === ".pdf") {
    const { buf } = await readCapped(real, info.size, 50 * 1024 * 1024);
    try {
      return { path: rel, kind: "pdf", text: `${rel} (${size}), ${middleTruncate(await pdfView(buf), maxChars)}` };
    } catch (e) {
      return {
        path: rel,
        kind: "binary",
        text: `${rel}: a PDF whose text could not be extracted (${(e as Error).message}); ${size}`,
      };
    }
  }
  const { buf, partial } = await readCapped(real, info.size, opts.maxBytes ?? 2 * 1024 * 1024);
  const decoded = decodeText(buf);
  if (!decoded) {
    const type = await import("file-type")
      .then(({ fileTypeFromBuffer }) => fileTypeFromBuffer(buf))
      .catch(() => undefined);
    return {
      path: rel,
      kind: "binary",
      text:
        `${rel}: binary file (${type ? `${type.mime}, .${type.ext}` : "unknown type"}), ${size}; ` +
        "its contents cannot be shown as text",
    };
  }
  const note = decoded.note ? ` ${decoded.note}` : "";
  const head = `${rel} (${size}${partial ? ", only the head and tail were read" : ""})${note}`;
  try {
    if (ext === ".csv" || ext === ".tsv")
      return { path: rel, kind: "csv", text: `${head}\n${csvView(decoded.text, ext === ".tsv" ? "\t" : ",")}` };
    if (ext === ".ipynb" && !partial)
      return { path: rel, kind: "notebook", text: `${head}\n${middleTruncate(notebookView(decoded.text), maxChars)}` };
    if (ext === ".json" && !partial)
      return {
        path: rel,
        kind: "json",
        text: `${head}\n${middleTruncate(JSON.stringify(JSON.parse(decoded.text), null, 2), maxChars)}`,
      };
  } catch {
    // malformed: fall through and show it as the text it is
  }
  const lines = decoded.text.split("\n");
  const first = Math.max(1, opts.startLine ?? 1);
  const last = Math.min(lines.length, opts.endLine ?? lines.length);
  const body = numberLines(lines.slice(first - 1, last).join("\n"), first);
  const range =
    first > 1 || last < lines.length ? ` lines ${first}-${last} of ${lines.length}` : ` ${lines.length} line(s)`;
  return { path: rel, kind: "text", text: `${head},${range}\n${middleTruncate(body, maxChars)}` };
}
