import { describe, expect, it } from 'vitest';
import { validateUpgradeRequest, type UpgradeRequestHead } from '../../../../protocol/wire/handshake.ts';

const good: UpgradeRequestHead = {
  method: 'GET',
  httpVersion: '1.1',
  headers: {
    host: 'localhost:4321',
    upgrade: 'websocket',
    connection: 'Upgrade',
    'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
    'sec-websocket-version': '13',
  },
};
const withHeaders = (headers: UpgradeRequestHead['headers']): UpgradeRequestHead => ({ ...good, headers: { ...good.headers, ...headers } });

describe('validateUpgradeRequest (RFC 6455 §4.2.1)', () => {
  it('accepts the handshake of RFC 6455 §1.3', () => {
    expect(validateUpgradeRequest(good)).toBeNull();
  });

  it('accepts header values in any case and Connection with several tokens (Firefox sends "keep-alive, Upgrade")', () => {
    expect(validateUpgradeRequest(withHeaders({ upgrade: 'WebSocket', connection: 'keep-alive, Upgrade' }))).toBeNull();
  });

  it('rejects a method other than GET', () => {
    expect(validateUpgradeRequest({ ...good, method: 'POST' })).toBe('HANDSHAKE_BAD_METHOD');
  });

  it('rejects HTTP/1.0', () => {
    expect(validateUpgradeRequest({ ...good, httpVersion: '1.0' })).toBe('HANDSHAKE_BAD_HTTP_VERSION');
  });

  it('rejects a request without Host', () => {
    expect(validateUpgradeRequest(withHeaders({ host: undefined }))).toBe('HANDSHAKE_NO_HOST');
  });

  it('rejects an Upgrade header that is not websocket', () => {
    expect(validateUpgradeRequest(withHeaders({ upgrade: 'h2c' }))).toBe('HANDSHAKE_BAD_UPGRADE');
  });

  it('rejects a Connection header without the Upgrade token', () => {
    expect(validateUpgradeRequest(withHeaders({ connection: 'keep-alive' }))).toBe('HANDSHAKE_BAD_CONNECTION');
  });

  it.each([
    ['missing', undefined],
    ['not base64', 'not a base64 key!!!!!!!!'],
    ['15 bytes', Buffer.alloc(15).toString('base64')],
    ['17 bytes', Buffer.alloc(17).toString('base64')],
    ['sent twice (joined by Node)', 'dGhlIHNhbXBsZSBub25jZQ==, dGhlIHNhbXBsZSBub25jZQ=='],
  ])('rejects a Sec-WebSocket-Key that is %s', (_case, key) => {
    expect(validateUpgradeRequest(withHeaders({ 'sec-websocket-key': key }))).toBe('HANDSHAKE_BAD_KEY');
  });

  it.each([['8'], ['12'], ['14'], [undefined]])('rejects Sec-WebSocket-Version %s with the version problem (answered 426)', (version) => {
    expect(validateUpgradeRequest(withHeaders({ 'sec-websocket-version': version }))).toBe('HANDSHAKE_BAD_VERSION');
  });

  it('accepts any 16 random bytes as the key', () => {
    for (let i = 0; i < 200; i++) {
      const key = Buffer.from(Array.from({ length: 16 }, () => Math.floor(Math.random() * 256))).toString('base64');
      expect(validateUpgradeRequest(withHeaders({ 'sec-websocket-key': key }))).toBeNull();
    }
  });
});
