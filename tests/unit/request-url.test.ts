import { describe, expect, it } from 'vitest';
import { requestUrl } from '../../playground-server/request-url.ts';

describe('requestUrl', () => {
  it('keeps a path that starts with // as a path (it is not a scheme-relative URL here)', () => {
    expect(requestUrl({ url: '//evil.example/x?a=1' })?.pathname).toBe('//evil.example/x');
    expect(requestUrl({ url: '//evil.example/x?a=1' })?.searchParams.get('a')).toBe('1');
    expect(requestUrl({ url: '/ws/echo?pg=1.2' })?.pathname).toBe('/ws/echo');
  });

  it('reads the absolute form for its path, and refuses what is not a request target', () => {
    expect(requestUrl({ url: 'http://other.example/ws/echo?x=1' })?.href).toBe('http://localhost/ws/echo?x=1');
    expect(requestUrl({ url: '*' })).toBeUndefined();
    expect(requestUrl({ url: 'evil.example:443' })).toBeUndefined();
    expect(requestUrl({ url: 'javascript:alert(1)' })).toBeUndefined();
  });
});
