import { StreamQueue } from './stream-queue';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('stream queue', () => {
  it('runs work for one stream one at a time, in arrival order', async () => {
    const queue = new StreamQueue();
    const log: string[] = [];
    let running = 0;
    let maxRunning = 0;
    await Promise.all(
      [1, 2, 3].map((n) =>
        queue.run('s', async () => {
          running++;
          maxRunning = Math.max(maxRunning, running);
          log.push(`start ${n}`);
          await tick();
          log.push(`end ${n}`);
          running--;
        }),
      ),
    );
    expect(maxRunning).toBe(1);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('lets different streams run side by side and forgets idle streams', async () => {
    const queue = new StreamQueue();
    let running = 0;
    let maxRunning = 0;
    const work = async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await tick();
      running--;
    };
    await Promise.all([queue.run('a', work), queue.run('b', work)]);
    expect(maxRunning).toBe(2);
    await tick();
    expect(queue.size).toBe(0);
  });

  it('goes on with the next work after a failure', async () => {
    const queue = new StreamQueue();
    const failed = queue.run('s', async () => {
      throw new Error('boom');
    });
    const next = queue.run('s', async () => 'ok');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
  });
});
