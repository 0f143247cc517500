import type { NewEvent, RunEvent } from "./types.js";

export type Listener = (event: RunEvent) => void;

/**
 * The one stream every part of a run reports to; the display, the report builder and (later) the
 * journal each subscribe. Listeners run synchronously in subscription order.
 */
export class EventBus {
  private listeners: Listener[] = [];

  subscribe(listener: Listener): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** Sends an event that already happened (read back from a journal) with its own time. */
  replay(event: RunEvent): void {
    for (const l of this.listeners) l(event);
  }

  emit(event: NewEvent): RunEvent {
    const stamped = { ...event, at: Date.now() } as RunEvent;
    for (const l of this.listeners) l(stamped);
    return stamped;
  }
}
