import { InMemoryLruCache } from './metadata-cache';

describe('InMemoryLruCache', () => {
  it('expires entries after their ttl and remembers null as a value', async () => {
    let now = 1_000;
    const cache = new InMemoryLruCache({ now: () => now });
    await cache.set('found', { title: 'Numb' }, 100);
    await cache.set('missing', null, 100);
    await expect(cache.get('found')).resolves.toEqual({ title: 'Numb' });
    await expect(cache.get('missing')).resolves.toBeNull();
    await expect(cache.get('never')).resolves.toBeUndefined();
    now += 101;
    await expect(cache.get('found')).resolves.toBeUndefined();
  });

  it('evicts the least recently used entry, and reading counts as use', async () => {
    const cache = new InMemoryLruCache({ maxEntries: 2 });
    await cache.set('a', 1, 10_000);
    await cache.set('b', 2, 10_000);
    await cache.get('a');
    await cache.set('c', 3, 10_000);
    await expect(cache.get('b')).resolves.toBeUndefined();
    await expect(cache.get('a')).resolves.toBe(1);
    await expect(cache.get('c')).resolves.toBe(3);
  });

  it('hands out copies, so a caller cannot change what is cached', async () => {
    const cache = new InMemoryLruCache();
    await cache.set('k', { genres: ['rock'] }, 10_000);
    const first = await cache.get<{ genres: string[] }>('k');
    first?.genres.push('pop');
    await expect(cache.get('k')).resolves.toEqual({ genres: ['rock'] });
  });
});
