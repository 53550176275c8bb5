// Publish/subscribe of small messages by topic (e.g. one vlog's progress). In-process now;
// PostgreSQL LISTEN/NOTIFY for several processes. Callers only see this interface.
export interface EventBus {
  publish<T>(topic: string, message: T): Promise<void>;
  /** Messages on topic, in order, until the returned function is called. */
  subscribe<T>(topic: string, onMessage: (message: T) => void): Promise<() => void>;
  close(): Promise<void>;
}

export class InProcessEventBus implements EventBus {
  private readonly listeners = new Map<string, Set<(message: unknown) => void>>();

  async publish<T>(topic: string, message: T): Promise<void> {
    for (const listener of this.listeners.get(topic) ?? []) {
      try {
        listener(message);
      } catch {
        // One broken subscriber must not stop the others.
      }
    }
  }

  async subscribe<T>(topic: string, onMessage: (message: T) => void): Promise<() => void> {
    const set = this.listeners.get(topic) ?? new Set();
    this.listeners.set(topic, set);
    const listener = onMessage as (message: unknown) => void;
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(topic);
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
