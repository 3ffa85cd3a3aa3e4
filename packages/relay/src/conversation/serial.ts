/**
 * One keyed queue for every command: tasks with the same key run one at a time, in the order
 * they were queued; tasks with different keys run side by side. Each command loads the records it
 * needs inside its turn, so nothing decides on a copy another turn has changed meanwhile.
 *
 * Keys, outermost first:
 *   visitor:<id>       a visitor's frames from all their tabs (which conversation is open, profile)
 *   agent:<id>         an agent's frames that name no conversation (presence)
 *   conversation:<id>  everything that changes one conversation (messages, transitions, bot turns)
 *   routing            assigning queued conversations to agents
 * A task may wait for a key below its own (a visitor's message waits for its conversation's turn;
 * closing a conversation waits for routing), never for one above: so no two tasks ever wait for
 * each other. Routing itself never waits for a conversation's turn; it relies on storage's
 * conditional writes (a queued conversation is assigned at most once, within capacity).
 */
export class Serial {
  private readonly tails = new Map<string, Promise<void>>();

  visitor<T>(visitorId: string, task: () => Promise<T>): Promise<T> {
    return this.run(`visitor:${visitorId}`, task);
  }

  agent<T>(agentId: string, task: () => Promise<T>): Promise<T> {
    return this.run(`agent:${agentId}`, task);
  }

  conversation<T>(conversationId: string, task: () => Promise<T>): Promise<T> {
    return this.run(`conversation:${conversationId}`, task);
  }

  routing<T>(task: () => Promise<T>): Promise<T> {
    return this.run('routing', task);
  }

  /** Resolves when every queued task has finished (used on shutdown). */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all(this.tails.values());
  }

  private run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    const result = previous ? previous.then(task, task) : task();
    // The key's tail settles when this task has; the last task of a key removes it.
    const settled = (): void => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
    const tail: Promise<void> = result.then(settled, settled);
    this.tails.set(key, tail);
    return result;
  }
}
