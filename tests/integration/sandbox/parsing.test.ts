import { describe, expect, it } from 'vitest';
import { parseChildLine } from '../../../playground-server/sandbox/child-messages.ts';
import { parseLearnerError } from '../../../playground-server/sandbox/learner-error.ts';
import { CUT_NOTICE, LineSplitter } from '../../../playground-server/sandbox/line-splitter.ts';
import { resolvePackageClosure } from '../../../playground-server/sandbox/package-closure.ts';
import { sandboxOptionsSchema } from '../../../playground-server/sandbox/options.ts';
import { checkFileName } from '../../../playground-server/sandbox/workspace.ts';
import { fileURLToPath } from 'node:url';

// The pure pieces of the sandbox, without a child process. (They would sit in tests/unit/sandbox/.)

const DIR = '/tmp/ws-noriteo-sandbox-1-abc/0123456789ab';

describe('parseLearnerError: finding the learner\'s line in what Node printed', () => {
  it('reads a CommonJS syntax error: file and line from the header, column from the caret', () => {
    const stderr = [
      `${DIR}/server.js:2`,
      'const wss = new WebSocket.Server({ port: 8080 };',
      '                                              ^',
      '',
      "SyntaxError: missing ) after argument list",
      '    at wrapSafe (node:internal/modules/cjs/loader:1861:18)',
      '',
      'Node.js v24.21.0',
    ];
    expect(parseLearnerError(stderr, DIR)).toEqual({
      message: 'SyntaxError: missing ) after argument list',
      location: { file: 'server.js', line: 2, column: 47 },
      hint: '문법 오류입니다. 표시된 줄과 그 앞 줄에서 괄호, 따옴표, 쉼표를 확인하세요.',
      code: null,
    });
  });

  it('reads an ES module runtime error: the stack frame gives the column', () => {
    const stderr = [
      `file://${DIR}/lib/chat.mjs:3`,
      '  null.foo();',
      '       ^',
      '',
      "TypeError: Cannot read properties of null (reading 'foo')",
      `    at Timeout._onTimeout (file://${DIR}/lib/chat.mjs:3:8)`,
      '    at listOnTimeout (node:internal/timers:685:17)',
    ];
    expect(parseLearnerError(stderr, DIR)?.location).toEqual({ file: 'lib/chat.mjs', line: 3, column: 8 });
  });

  it('takes the first frame in the learner\'s files when the error was thrown inside Node or a package', () => {
    const stderr = [
      'console.log("output before the crash")',
      'node:fs:621',
      '  return binding.open(',
      '                 ^',
      '',
      'Error: Access to this API has been restricted. Use --allow-fs-read to manage permissions.',
      '    at Object.openSync (node:fs:621:18)',
      `    at Object.<anonymous> (${DIR}/server.js:2:16)`,
      `    at Module._compile (node:internal/modules/cjs/loader:1929:14) {`,
      "  code: 'ERR_ACCESS_DENIED',",
      "  permission: 'FileSystemRead',",
      "  resource: '/etc/passwd'",
      '}',
    ];
    expect(parseLearnerError(stderr, DIR)).toEqual({
      message: 'Error: Access to this API has been restricted. Use --allow-fs-read to manage permissions.',
      location: { file: 'server.js', line: 2, column: 16 },
      hint: '놀이터의 서버 코드는 자기 폴더 밖의 파일을 읽을 수 없습니다.',
      code: 'ERR_ACCESS_DENIED',
    });
  });

  it('knows V8\'s out-of-memory report, and returns null when there is no error at all', () => {
    expect(parseLearnerError(['<--- Last few GCs --->', 'FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory'], DIR)).toMatchObject({
      code: 'ERR_HEAP_OUT_OF_MEMORY',
      location: null,
    });
    expect(parseLearnerError(['그냥 console.error로 쓴 줄', ''], DIR)).toBeNull();
    expect(parseLearnerError([], DIR)).toBeNull();
  });

  it('does not take a frame of another folder whose name starts like the sandbox folder', () => {
    const stderr = ['Error: boom', `    at x (${DIR}0/server.js:1:1)`];
    expect(parseLearnerError(stderr, DIR)?.location).toBeNull();
  });
});

describe('LineSplitter', () => {
  it('keeps a Korean character whole when its bytes arrive in two chunks, and handles CRLF', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter(100, (line) => lines.push(line));
    const bytes = Buffer.from('안녕\r\n하세요\n');
    splitter.push(bytes.subarray(0, 4)); // 안 (3 bytes) + the first byte of 녕
    splitter.push(bytes.subarray(4));
    splitter.end();
    expect(lines).toEqual(['안녕', '하세요']);
  });

  it('cuts a long line once, drops its rest, and flushes a last line without newline at the end', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter(80, (line) => lines.push(line));
    splitter.push(Buffer.from('x'.repeat(50)));
    splitter.push(Buffer.from('x'.repeat(100)));
    splitter.push(Buffer.from('y'.repeat(100) + '\nnext\nlast'));
    splitter.end();
    expect(lines).toEqual(['x'.repeat(80) + CUT_NOTICE, 'next', 'last']);
  });
});

describe('parseChildLine: what the child may say on fd 3', () => {
  it('accepts the known messages', () => {
    expect(parseChildLine('{"type":"listening","port":8080}')).toEqual({ type: 'listening', port: 8080 });
    expect(parseChildLine('{"type":"limit","kind":"ports","limit":5,"at":{"file":"server.js","line":2,"column":9}}')).toMatchObject({ at: { line: 2 } });
    expect(parseChildLine('{"type":"limit","kind":"ports","limit":5}')).toMatchObject({ at: null });
  });

  it('refuses anything else', () => {
    expect(parseChildLine('not json')).toBeNull();
    expect(parseChildLine('{"type":"listening","port":70000}')).toBeNull();
    expect(parseChildLine('{"type":"listening","port":8080,"path":"/etc"}')).toEqual({ type: 'listening', port: 8080 });
    expect(parseChildLine('{"type":"exec","command":"rm -rf /"}')).toBeNull();
  });
});

describe('checkFileName', () => {
  it.each(['server.js', 'index.html', 'public/app.js', 'lib/a-b_c.mjs'])('accepts %s', (name) => {
    expect(checkFileName(name)).toBeNull();
  });
  it.each(['../x.js', '/etc/passwd', 'a//b.js', '.env', 'node_modules/ws/index.js', 'package.json', 'port-8080.sock', 'a/b/c/d/e.js', '서버.js'])('refuses %s', (name) => {
    expect(checkFileName(name)).toEqual(expect.any(String));
  });
});

describe('resolvePackageClosure and the options schema', () => {
  it('finds ws and socket.io with every dependency, including the nested copy of ws', () => {
    const modulesDir = fileURLToPath(new URL('../../../node_modules/', import.meta.url));
    const closure = resolvePackageClosure(['ws', 'socket.io'], modulesDir);
    expect([...closure.roots.keys()]).toEqual(['ws', 'socket.io']);
    const names = closure.folders.map((folder) => folder.slice(modulesDir.length));
    expect(names).toEqual(expect.arrayContaining(['ws', 'socket.io', 'engine.io', 'socket.io-parser', 'socket.io-adapter', 'debug', 'ms']));
    expect(names).not.toContain('zod');
    expect(names).not.toContain('astro');
    expect(() => resolvePackageClosure(['no-such-package-here'], modulesDir)).toThrow(/not installed/);
  });

  it('documents its defaults', () => {
    const defaults = sandboxOptionsSchema.parse({});
    expect(defaults).toMatchObject({
      wallTimeMs: 300_000,
      cpuTimeMs: 10_000,
      heapMb: 64,
      outputBytes: 1024 * 1024,
      connections: 200,
      listeningPorts: 5,
      perOwner: 2,
      total: 20,
      ownerGraceMs: 30_000,
      isolation: 'auto',
      packages: ['ws', 'socket.io', 'socket.io-client'],
    });
    expect(() => sandboxOptionsSchema.parse({ packages: ['../etc'] })).toThrow();
  });
});
