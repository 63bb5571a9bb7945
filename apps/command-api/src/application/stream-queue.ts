/**
 * Serialises work per stream inside one process: commands for the same stream wait their turn
 * instead of racing to the store and burning retries. Across processes the store's optimistic
 * concurrency still decides.
 */
export class StreamQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(streamId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(streamId) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    this.tails.set(streamId, tail);
    void tail.then(() => {
      if (this.tails.get(streamId) === tail) this.tails.delete(streamId);
    });
    return result;
  }

  get size(): number {
    return this.tails.size;
  }
}
