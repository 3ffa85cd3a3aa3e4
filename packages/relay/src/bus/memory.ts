import type { Bus, Delivery } from './types.js';

/** One process: deliveries go straight to the local hub. */
export class MemoryBus implements Bus {
  private readonly handlers = new Set<(delivery: Delivery) => void>();

  async publish(delivery: Delivery): Promise<void> {
    for (const handler of this.handlers) handler(delivery);
  }

  subscribe(handler: (delivery: Delivery) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
