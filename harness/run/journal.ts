import { closeSync, fdatasync, fdatasyncSync, ftruncateSync, openSync, readFileSync, writeSync } from "node:fs";
import type { RunEvent } from "../events/types.js";

/** Events after which the journal is flushed to disk before the run goes on. */
const DURABLE = new Set<RunEvent["type"]>([
  "run.started",
  "item.judged",
  "agent.exited",
  "task.finished",
  "task.failed",
  "run.finished",
  "batch.submitted",
  "batch.finished",
]);

/**
 * The run's append-only journal: one event per line. Each line is written synchronously, so once
 * an event is handled it survives the process being killed; after each verdict a flush to disk
 * (fdatasync) is started, off the event loop — one in flight at a time, the next covering every
 * line written meanwhile — so a machine crash loses at most the last few lines.
 */
export class Journal {
  private syncing = false;
  private again = false;

  private constructor(private fd: number) {}

  static open(path: string, truncateTo?: number): Journal {
    const fd = openSync(path, "a");
    if (truncateTo !== undefined) ftruncateSync(fd, truncateTo);
    return new Journal(fd);
  }

  readonly listener = (e: RunEvent): void => {
    if (this.fd < 0) return;
    writeSync(this.fd, `${JSON.stringify(e)}\n`);
    if (DURABLE.has(e.type)) this.flush();
  };

  private flush() {
    if (this.syncing) {
      this.again = true;
      return;
    }
    this.syncing = true;
    const fd = this.fd;
    fdatasync(fd, () => {
      this.syncing = false;
      if (this.again && this.fd === fd) {
        this.again = false;
        this.flush();
      }
    });
  }

  close() {
    if (this.fd >= 0) {
      fdatasyncSync(this.fd);
      closeSync(this.fd);
    }
    this.fd = -1;
  }
}

export interface JournalContents {
  events: RunEvent[];
  warnings: string[];
  /** Byte length of the intact part: a torn tail is cut here before appending. */
  validBytes: number;
}

/** Reads a journal back; a torn last line (a crash mid-write) is dropped with a warning. */
export function readJournal(path: string): JournalContents {
  const buf = readFileSync(path);
  const events: RunEvent[] = [];
  const warnings: string[] = [];
  let offset = 0;
  let validBytes = 0;
  let lineNo = 0;
  while (offset < buf.length) {
    const nl = buf.indexOf(0x0a, offset);
    const end = nl === -1 ? buf.length : nl;
    lineNo++;
    const line = buf.subarray(offset, end).toString("utf8");
    offset = end + 1;
    if (!line.trim()) {
      if (nl !== -1) validBytes = offset;
      continue;
    }
    try {
      if (nl === -1) throw new Error("no newline");
      events.push(JSON.parse(line) as RunEvent);
      validBytes = offset;
    } catch {
      const last = nl === -1 || offset >= buf.length;
      warnings.push(
        `${path}:${lineNo}: ` +
          `${last ? "torn last line ignored (the run was interrupted while writing it)" : "unreadable line skipped"}`,
      );
      if (!last) validBytes = offset;
    }
  }
  return { events, warnings, validBytes };
}

/** The journal's `run.started` event: what the run set out to do (absent from a torn or foreign file). */
export function startedEvent(events: RunEvent[]): Extract<RunEvent, { type: "run.started" }> | undefined {
  const e = events.find((x) => x.type === "run.started");
  return e?.type === "run.started" ? e : undefined;
}
