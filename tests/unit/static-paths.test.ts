import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveInside } from '../../playground-server/static-files.ts';

describe('resolveInside', () => {
  const root = '/srv/site';
  it('maps URL paths to files under the root', () => {
    expect(resolveInside(root, '/browser-api/index.html')).toBe(join(root, 'browser-api/index.html'));
    expect(resolveInside(root, '/%ED%95%9C%EA%B8%80.html')).toBe(join(root, '한글.html'));
  });
  it.each(['/../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/a/../../etc/passwd', '/..%2fetc/passwd'])('refuses %s, which leaves the root', (path) => {
    expect(resolveInside(root, path)).toBeUndefined();
  });
  it('refuses NUL bytes, backslashes and broken percent-encoding', () => {
    expect(resolveInside(root, '/index.html%00.png')).toBeUndefined();
    expect(resolveInside(root, '/..%5c..%5cetc')).toBeUndefined();
    expect(resolveInside(root, '/%E0%A4%A')).toBeUndefined();
  });
});
