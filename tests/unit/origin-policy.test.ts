import { describe, expect, it } from 'vitest';
import { isOriginAllowed } from '../../playground-server/origin-policy.ts';

describe('isOriginAllowed', () => {
  it('allows the page its own origin', () => {
    expect(isOriginAllowed('http://localhost:4321', 'localhost:4321', [])).toBe(true);
  });
  it('allows the sandboxed lesson frame, whose origin is "null"', () => {
    expect(isOriginAllowed('null', 'localhost:4321', [])).toBe(true);
  });
  it('allows clients that send no Origin (command-line tools)', () => {
    expect(isOriginAllowed(undefined, 'localhost:4321', [])).toBe(true);
  });
  it('refuses another site (cross-site WebSocket hijacking)', () => {
    expect(isOriginAllowed('https://evil.example', 'localhost:4321', [])).toBe(false);
  });
  it('refuses the same host on another port', () => {
    expect(isOriginAllowed('http://localhost:9999', 'localhost:4321', [])).toBe(false);
  });
  it('allows origins from the configured list, exactly', () => {
    expect(isOriginAllowed('https://class.example', 'localhost:4321', ['https://class.example'])).toBe(true);
    expect(isOriginAllowed('https://class.example.evil', 'localhost:4321', ['https://class.example'])).toBe(false);
  });
  it('refuses garbage', () => {
    expect(isOriginAllowed('not a url', 'localhost:4321', [])).toBe(false);
    expect(isOriginAllowed('file:///etc/passwd', 'localhost:4321', [])).toBe(false);
  });
});
