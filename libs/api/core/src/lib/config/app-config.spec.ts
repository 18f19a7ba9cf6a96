import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigValidationError, loadConfig } from './app-config';

describe('loadConfig', () => {
  const dataDir = () => mkdtempSync(join(tmpdir(), 'ss-config-'));

  it('applies documented defaults', () => {
    const dir = dataDir();
    const c = loadConfig({ DATA_DIR: dir });
    expect(c.port).toBe(8765);
    expect(c.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.role).toBe('all');
    expect(c.corsOrigins).toEqual([]);
    expect(c.publicUrl).toBe('http://localhost:8765');
  });

  it('reports every problem in one error', () => {
    try {
      loadConfig({ DATA_DIR: dataDir(), PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_FORMAT: 'xml', SECRET_KEY: 'short' });
      fail('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigValidationError);
      const problems = (e as ConfigValidationError).problems;
      expect(problems).toHaveLength(4);
      expect(problems.join('\n')).toMatch(/PORT/);
      expect(problems.join('\n')).toMatch(/DATABASE_URL/);
      expect(problems.join('\n')).toMatch(/LOG_FORMAT/);
      expect(problems.join('\n')).toMatch(/SECRET_KEY/);
    }
  });

  it('generates a secret key once and reuses it', () => {
    const dir = dataDir();
    const a = loadConfig({ DATA_DIR: dir });
    const b = loadConfig({ DATA_DIR: dir });
    expect(a.secretKey.equals(b.secretKey)).toBe(true);
    expect(readFileSync(join(dir, 'secret.key'), 'utf8')).toHaveLength(64);
  });

  it('accepts a hex SECRET_KEY', () => {
    const c = loadConfig({ DATA_DIR: dataDir(), SECRET_KEY: 'ab'.repeat(32) });
    expect(c.secretKey.toString('hex')).toBe('ab'.repeat(32));
  });
});
