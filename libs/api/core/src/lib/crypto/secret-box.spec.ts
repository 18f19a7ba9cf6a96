import { randomBytes } from 'node:crypto';
import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('round-trips text including non-Latin characters', () => {
    const sealed = box.encrypt('refresh-token-äöü-日本');
    expect(sealed).not.toContain('refresh');
    expect(box.decrypt(sealed)).toBe('refresh-token-äöü-日本');
  });

  it('uses a fresh IV every time', () => {
    expect(box.encrypt('same')).not.toBe(box.encrypt('same'));
  });

  it('rejects tampered ciphertext and a wrong key', () => {
    const sealed = box.encrypt('secret');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('evil').toString('base64url');
    expect(() => box.decrypt(parts.join('.'))).toThrow();
    expect(() => new SecretBox(randomBytes(32)).decrypt(sealed)).toThrow();
  });
});
