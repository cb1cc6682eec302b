import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../../../../protocol/wire/', import.meta.url).pathname;
const modules = ['accept', 'connection', 'constants', 'deflate', 'descriptions', 'engine-io', 'frame', 'http-body', 'http-head', 'problems', 'socket-io', 'utf8'];
let dir = '';
afterAll(async () => {
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe('the wire decoders in a browser bundle', () => {
  it('bundle for the browser with no Node built-ins, and decode a connection with Buffer and process gone', async () => {
    const result = await build({
      stdin: { contents: modules.map((name) => `export * from ${JSON.stringify(`${root}${name}.ts`)};`).join('\n'), resolveDir: root, loader: 'ts' },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((input) => input.startsWith('node:') || input.includes('esm-debug') || input.includes('/debug/'))).toEqual([]);
    // The libraries' browser builds, not their Node ones (engine.io-parser's Node build uses Buffer).
    expect(inputs).toContain('node_modules/engine.io-parser/build/esm/decodePacket.browser.js');
    expect(inputs).toContain('node_modules/fflate/esm/browser.js');

    dir = await mkdtemp(join(tmpdir(), 'wire-bundle-'));
    await writeFile(join(dir, 'wire.mjs'), result.outputFiles[0]?.contents ?? new Uint8Array());
    await writeFile(join(dir, 'run.mjs'), `
      delete globalThis.Buffer;
      delete globalThis.process;
      const wire = await import('./wire.mjs');
      const bytes = (text) => new TextEncoder().encode(text);
      const decoder = wire.createConnectionDecoder();
      const events = [
        ...decoder.push('client-to-server', bytes('GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\\r\\nHost: a\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\\r\\nSec-WebSocket-Version: 13\\r\\n\\r\\n')),
        ...decoder.push('server-to-client', bytes('HTTP/1.1 101 Switching Protocols\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\nSec-WebSocket-Extensions: permessage-deflate\\r\\n\\r\\n')),
        ...decoder.push('server-to-client', wire.encodeFrame({ opcode: 1, payload: 'bAQID' })),
        ...decoder.push('server-to-client', wire.encodeFrame({ opcode: 1, rsv1: true, payload: Uint8Array.of(0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00) })),
      ];
      const out = {
        types: events.map((event) => event.type),
        base64: events.filter((event) => event.type === 'engine.io').map((event) => Array.from(event.packet.data ?? [])),
        inflated: events.filter((event) => event.type === 'message').map((event) => new TextDecoder().decode(event.data)),
        accept: await wire.computeAccept('dGhlIHNhbXBsZSBub25jZQ=='),
      };
      console.log(JSON.stringify(out));
    `);
    const { stdout } = await promisify(execFile)(process.execPath, [join(dir, 'run.mjs')], { timeout: 60_000 });
    expect(JSON.parse(stdout)).toEqual({
      types: ['http', 'http', 'websocket-open', 'frame', 'message', 'engine.io', 'socket.io', 'frame', 'message', 'engine.io'],
      base64: [[1, 2, 3], []],
      inflated: ['bAQID', 'Hello'],
      accept: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=',
    });
  });
});
