import { StreamCache, type LoadedStream } from './stream-cache';

const stream = (events: number): LoadedStream<{ events: number }> => ({
  state: { events },
  events,
  last:
    events > 0 ? { streamVersion: events - 1, globalPosition: String(events), commandId: 'c' } : undefined,
  commandIds: new Set(events > 0 ? ['c'] : []),
});
const foldA = () => undefined;
const foldB = () => undefined;

describe('StreamCache', () => {
  it('keeps at most maxEvents events, dropping the least recently used streams first', () => {
    const cache = new StreamCache(10);
    cache.set('a', foldA, stream(4));
    cache.set('b', foldA, stream(4));
    cache.get('a', foldA); // a is now the most recently used
    cache.set('c', foldA, stream(4));
    expect(cache.get('b', foldA)).toBeUndefined();
    expect(cache.get('a', foldA)?.state).toEqual({ events: 4 });
    expect(cache.get('c', foldA)?.state).toEqual({ events: 4 });
    expect(cache.size).toEqual({ streams: 2, events: 8 });
  });

  it('replaces a stream in place and counts its events once', () => {
    const cache = new StreamCache(10);
    cache.set('a', foldA, stream(3));
    cache.set('a', foldA, stream(5));
    expect(cache.size).toEqual({ streams: 1, events: 5 });
  });

  it('answers only for the fold the state was made with', () => {
    const cache = new StreamCache(10);
    cache.set('a', foldA, stream(1));
    expect(cache.get('a', foldB)).toBeUndefined();
  });

  it('does not hold a stream longer than the whole bound, and holds nothing at 0', () => {
    const small = new StreamCache(3);
    small.set('a', foldA, stream(4));
    expect(small.size).toEqual({ streams: 0, events: 0 });
    const off = new StreamCache(0);
    off.set('a', foldA, stream(1));
    expect(off.get('a', foldA)).toBeUndefined();
  });
});
