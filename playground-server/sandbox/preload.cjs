// @ts-check
'use strict';
/**
 * Runs inside the sandboxed child before the learner's code (`node --require preload.cjs`).
 * Plain CommonJS on purpose: the child must start fast and must not need type stripping.
 *
 * What it does, and why:
 * - `listen(8080)` becomes a listen on `<dir>/port-8080.sock`, so two learners running the same
 *   code never collide and the playground server reaches the snippet through its own folder.
 *   `server.address()` still answers port 8080. The parent learns about ports on fd 3 (the report
 *   pipe), never through stdout.
 * - Each line written to stdout/stderr starts with the time it was written (`\0<ms>\0`, taken off
 *   again by the parent, output-stamp.ts), so the console orders it by when the program printed it.
 * - Outgoing TCP goes only to the snippet's own virtual ports (rewritten to their sockets); other
 *   destinations, Unix socket paths and UDP are refused with a Korean message.
 * - Only allowed packages can be imported from the learner's files.
 * Malicious code can get around a preload; the walls are bubblewrap and the permission model. This
 * file makes honest code behave as if it had the machine to itself and explains refusals in Korean.
 */
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const Module = require('node:module');

const CONFIG_ENV = 'WS_NORITEO_SANDBOX';
/** @type {{ dir: string; portsDir: string; reportFd: number; listeningPorts: number; outboundConnections: number; packages: string[] }} */
const config = JSON.parse(process.env[CONFIG_ENV] ?? '{}');
delete process.env[CONFIG_ENV];

const dirPrefix = config.dir + path.sep;
const dirUrlPrefix = 'file://' + config.dir + '/';
const allowedPackages = new Set(config.packages);

/** One JSON line per event on the report fd; synchronous so nothing is lost when the process dies next. */
function report(/** @type {Record<string, unknown>} */ message) {
  const line = Buffer.from(JSON.stringify(message) + '\n');
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      fs.writeSync(config.reportFd, line);
      return;
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EAGAIN') return;
    }
  }
}

/** Where in the learner's files the current call came from, for limit reports (null if not theirs). */
function learnerFrame() {
  for (const line of (new Error().stack ?? '').split('\n').slice(1)) {
    const match = /(?:file:\/\/)?(\/[^:()]+):(\d+):(\d+)/.exec(line);
    if (match && /** @type {string} */ (match[1]).startsWith(dirPrefix)) {
      return { file: /** @type {string} */ (match[1]).slice(dirPrefix.length), line: Number(match[2]), column: Number(match[3]) };
    }
  }
  return null;
}

/** An error the learner sees; `code` lets their own code tell it apart. */
function sandboxError(/** @type {string} */ message, code = 'ERR_SANDBOX') {
  // Deep enough to reach the learner's line through Node's loader and the hooks (10 frames did not), so the editor can mark it.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 50;
  const error = new Error(message);
  Error.stackTraceLimit = stackTraceLimit;
  Object.defineProperty(error, 'code', { value: code, enumerable: true });
  return error;
}

// stdout and stderr are sockets to the parent. Left non-blocking, a `while (true) console.log(…)`
// never lets the loop flush them, so output piles up in memory instead of reaching the parent's
// output limit. Blocking writes give the parent backpressure and the flood its proper end.
for (const stream of [process.stdout, process.stderr]) {
  /** @type {any} */ (stream)._handle?.setBlocking?.(true);
  stampLines(stream);
}

// The parent reads the pipes when its event loop gets to them: on a busy machine that can be well
// after the program printed, and after the browser's own (immediately stamped) lines about the same
// moment. So every line carries its time of writing: `\0<Date.now()>\0` before its first byte
// (playground-server/sandbox/output-stamp.ts takes it off; a line without one keeps its read time).
function stampLines(/** @type {NodeJS.WriteStream} */ stream) {
  const write = stream.write;
  let atLineStart = true;
  /** @type {any} */ (stream).write = function (/** @type {unknown} */ chunk, /** @type {unknown} */ encoding, /** @type {unknown} */ callback) {
    if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) return write.apply(this, /** @type {any} */ (arguments));
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' && Buffer.isEncoding(encoding) ? encoding : 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const done = typeof encoding === 'function' ? encoding : callback;
    const stamp = Buffer.from(`\0${Date.now()}\0`);
    /** @type {Buffer[]} */
    const parts = [];
    for (let from = 0; from < bytes.length; ) {
      if (atLineStart) parts.push(stamp);
      const newline = bytes.indexOf(10, from);
      const end = newline === -1 ? bytes.length : newline + 1;
      parts.push(bytes.subarray(from, end));
      atLineStart = newline !== -1;
      from = end;
    }
    return write.call(this, Buffer.concat(parts), /** @type {any} */ (done));
  };
}

// The report fd is one end of a socket pair: when the playground server dies, it reads EOF, and
// the program ends with it instead of running on unseen. (bwrap's --die-with-parent does the same
// from outside; this covers the permission-only mode. A busy loop is left to RLIMIT_CPU.)
/** @type {net.Socket | undefined} */
let parentWatch;
try {
  parentWatch = new net.Socket({ fd: config.reportFd, readable: true });
  parentWatch.on('error', () => {});
  parentWatch.on('end', () => process.exit(1));
  parentWatch.resume();
  parentWatch.unref();
} catch {}

// ---------------------------------------------------------------------------------------------
// Listening: port P → <portsDir>/port-P.sock (the program's folder without bubblewrap, its own small tmpfs with it)
// ---------------------------------------------------------------------------------------------

const kVirtual = Symbol('virtualListen');
/** @type {Map<number, net.Server>} virtual port → the server holding it */
const holders = new Map();
let nextEphemeralPort = 49152;

/** @param {number} port */
function socketPathFor(port) {
  return path.join(config.portsDir, `port-${port}.sock`);
}

/** @param {unknown} value */
function toPort(value) {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

/** @param {string | undefined} host */
function addressFor(host) {
  if (host === undefined || host === '' || host === '::') return { address: '::', family: 'IPv6' };
  if (net.isIPv6(host)) return { address: host, family: 'IPv6' };
  if (net.isIPv4(host)) return { address: host, family: 'IPv4' };
  return { address: '127.0.0.1', family: 'IPv4' };
}

/**
 * Reads listen()'s overloads: (port, host, backlog, cb), (port, cb), (options, cb), () and the
 * path/handle forms, which the sandbox refuses.
 * @param {unknown[]} args
 * @returns {{ kind: 'tcp'; port: number | undefined; host: string | undefined; backlog: number | undefined; callback: Function | undefined } | { kind: 'refused'; what: string } | { kind: 'native' }}
 */
function readListenArgs(args) {
  const [first, ...rest] = args;
  /** @type {Function | undefined} */
  let callback;
  if (typeof rest[rest.length - 1] === 'function') callback = /** @type {Function} */ (rest.pop());
  if (typeof first === 'function') return { kind: 'tcp', port: undefined, host: undefined, backlog: undefined, callback: first };
  if (first === undefined || first === null) return { kind: 'tcp', port: undefined, host: undefined, backlog: undefined, callback };
  if (typeof first === 'object') {
    const options = /** @type {Record<string, unknown>} */ (first);
    if (options['path'] !== undefined && options['path'] !== null) return { kind: 'refused', what: `경로(${String(options['path'])})` };
    if (!('port' in options)) {
      if ('fd' in options || 'handle' in options || '_handle' in options) return { kind: 'refused', what: '핸들이나 파일 디스크립터' };
      return { kind: 'native' };
    }
    const port = options['port'] === undefined || options['port'] === null ? undefined : toPort(options['port']);
    // Node reads other port values too ({ port: "0x1f90" } is 8080): passed on, they listened on a real TCP port of the host.
    if (port === undefined && options['port'] !== undefined && options['port'] !== null) return { kind: 'refused', what: `포트 값(${typeof options['port'] === 'string' ? options['port'] : typeof options['port']})` };
    const host = typeof options['host'] === 'string' ? options['host'] : undefined;
    const backlog = typeof options['backlog'] === 'number' ? options['backlog'] : undefined;
    return { kind: 'tcp', port, host, backlog, callback };
  }
  const port = toPort(first);
  if (port === undefined) {
    if (typeof first === 'string') return { kind: 'refused', what: `경로(${first})` };
    return { kind: 'native' };
  }
  const host = typeof rest[0] === 'string' ? /** @type {string} */ (rest.shift()) : undefined;
  const backlog = typeof rest[0] === 'number' ? /** @type {number} */ (rest[0]) : undefined;
  return { kind: 'tcp', port, host, backlog, callback };
}

/** @param {number} port */
function isHeld(port) {
  const holder = holders.get(port);
  if (holder === undefined) return false;
  if (holder.listening) return true;
  holders.delete(port);
  return false;
}

const originalListen = net.Server.prototype.listen;
const originalAddress = net.Server.prototype.address;

/** @this {net.Server} @param {unknown[]} args */
function virtualListen(...args) {
  if (this.listening) return originalListen.apply(this, /** @type {any} */ (args));
  const request = readListenArgs(args);
  if (request.kind === 'native') return originalListen.apply(this, /** @type {any} */ (args));
  if (request.kind === 'refused') {
    throw sandboxError(`놀이터에서는 ${request.what}에 listen할 수 없습니다. server.listen(3000)처럼 포트 번호를 쓰세요.`);
  }
  let port = request.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) return originalListen.apply(this, /** @type {any} */ (args));
  if (port === 0) {
    while (isHeld(nextEphemeralPort)) nextEphemeralPort += 1;
    port = nextEphemeralPort++;
  }
  const { address, family } = addressFor(request.host);
  if (isHeld(port)) {
    const error = Object.assign(new Error(`listen EADDRINUSE: address already in use ${family === 'IPv6' ? `[${address}]` : address}:${port}`), {
      code: 'EADDRINUSE', errno: -98, syscall: 'listen', address, port,
    });
    if (request.callback) this.once('listening', /** @type {(...args: any[]) => void} */ (request.callback));
    process.nextTick(() => this.emit('error', error));
    return this;
  }
  let open = 0;
  for (const held of holders.keys()) if (isHeld(held)) open += 1;
  if (open >= config.listeningPorts) {
    report({ type: 'limit', kind: 'ports', limit: config.listeningPorts, at: learnerFrame() });
    throw sandboxError(`한 서버가 동시에 열 수 있는 포트는 ${config.listeningPorts}개까지입니다.`, 'ERR_SANDBOX_LIMIT');
  }

  const socketPath = socketPathFor(port);
  try {
    fs.unlinkSync(socketPath);
  } catch {}
  /** @type {Record<string, unknown>} */
  const options = { path: socketPath };
  if (request.backlog !== undefined) options['backlog'] = request.backlog;
  /** @type {any} */ (this)[kVirtual] = { port, address, family };
  holders.set(port, this);
  originalListen.call(this, options, /** @type {any} */ (request.callback));
  // A Unix listen binds synchronously; if it failed, Node reports the error on next tick.
  if (!this.listening) {
    holders.delete(port);
    return this;
  }
  report({ type: 'listening', port });
  this.once('close', () => {
    if (holders.get(port) === this) holders.delete(port);
    report({ type: 'closed', port });
  });
  this.prependListener('connection', (/** @type {net.Socket} */ socket) => {
    Object.defineProperties(socket, {
      remoteAddress: { value: family === 'IPv6' ? '::1' : '127.0.0.1', configurable: true },
      remoteFamily: { value: family, configurable: true },
      remotePort: { value: 40000 + Math.floor(Math.random() * 20000), configurable: true },
      localAddress: { value: address, configurable: true },
      localPort: { value: port, configurable: true },
    });
  });
  return this;
}

/** @this {net.Server} */
function virtualAddress() {
  const virtual = /** @type {any} */ (this)[kVirtual];
  if (virtual !== undefined && this.listening) return { address: virtual.address, family: virtual.family, port: virtual.port };
  return originalAddress.call(this);
}

net.Server.prototype.listen = /** @type {any} */ (virtualListen);
net.Server.prototype.address = virtualAddress;

// ---------------------------------------------------------------------------------------------
// Outgoing connections: only to the snippet's own virtual ports, and not too many at once
// ---------------------------------------------------------------------------------------------

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1', '0.0.0.0', '::', '']);
let outbound = 0;
const originalConnect = net.Socket.prototype.connect;
const kCounted = Symbol('countedOutbound');

/** @param {unknown[]} args */
function readConnectArgs(args) {
  // net.connect() hands Socket#connect its already-normalized [options, callback] array.
  const normalized = Array.isArray(args[0]) ? /** @type {unknown[]} */ (args[0]) : args;
  const [first, second, third] = normalized;
  const callback = [second, third].find((value) => typeof value === 'function');
  if (first !== null && typeof first === 'object') {
    const options = /** @type {Record<string, unknown>} */ (first);
    return { options, port: toPort(options['port']), host: typeof options['host'] === 'string' ? options['host'] : undefined, path: options['path'], callback };
  }
  const port = toPort(first);
  if (port === undefined && typeof first === 'string') return { options: {}, port: undefined, host: undefined, path: first, callback };
  return { options: {}, port, host: typeof second === 'string' ? second : undefined, path: undefined, callback };
}

/** @this {net.Socket} @param {unknown[]} args */
function guardedConnect(...args) {
  const request = readConnectArgs(args);
  /** @param {string} message */
  const refuse = (message) => {
    const error = sandboxError(message, 'ERR_SANDBOX_NETWORK');
    process.nextTick(() => this.destroy(error));
    return this;
  };
  if (request.path !== undefined && request.path !== null) {
    return refuse('놀이터의 서버 코드는 파일 경로(Unix 소켓)로 연결할 수 없습니다.');
  }
  const host = (request.host ?? 'localhost').toLowerCase().replace(/^\[|\]$/g, '');
  if (request.port === undefined || !LOOPBACK_NAMES.has(host) && !host.startsWith('127.') || !isHeld(request.port)) {
    return refuse(`놀이터의 서버 코드는 자기가 연 포트(localhost:${[...holders.keys()].filter(isHeld).join(', ') || '없음'})에만 연결할 수 있습니다. ${request.host ?? 'localhost'}:${String(request.port)}에는 연결할 수 없습니다.`);
  }
  if (!(/** @type {any} */ (this)[kCounted])) {
    if (outbound >= config.outboundConnections) {
      report({ type: 'limit', kind: 'outbound-connections', limit: config.outboundConnections, at: learnerFrame() });
      throw sandboxError(`서버 코드가 동시에 열 수 있는 연결은 ${config.outboundConnections}개까지입니다.`, 'ERR_SANDBOX_LIMIT');
    }
    outbound += 1;
    /** @type {any} */ (this)[kCounted] = true;
    this.once('close', () => {
      outbound -= 1;
      /** @type {any} */ (this)[kCounted] = false;
    });
  }
  /** @type {Record<string, unknown>} */
  const options = { ...request.options, path: socketPathFor(request.port) };
  delete options['port'];
  delete options['host'];
  delete options['family'];
  delete options['lookup'];
  return originalConnect.call(this, /** @type {any} */ (options), /** @type {any} */ (request.callback));
}

net.Socket.prototype.connect = /** @type {any} */ (guardedConnect);

// The native Unix-socket handle itself connects and binds only to the program's own port sockets. The checks above are
// JavaScript that runs before it: a program that swapped Pipe.prototype.connect changed the path after them and reached
// any Unix socket of the host in the permission-only mode (the path of an abstract socket too). Locked so it stays so.
/** @param {unknown} address */
function isOwnPortSocket(address) {
  return typeof address === 'string' && path.dirname(path.resolve(config.portsDir, address)) === config.portsDir && /^port-\d{1,5}\.sock$/.test(path.basename(address));
}
const Pipe = /** @type {any} */ (parentWatch ?? process.stdout)?._handle?.constructor;
if (typeof Pipe === 'function') {
  const nativeConnect = Pipe.prototype.connect;
  const nativeBind = Pipe.prototype.bind;
  const lock = (/** @type {string} */ name, /** @type {Function} */ value) =>
    Object.defineProperty(Pipe.prototype, name, { value, writable: false, configurable: false, enumerable: false });
  const refusePath = () => sandboxError('놀이터의 서버 코드는 파일 경로(Unix 소켓)로 연결할 수 없습니다.', 'ERR_SANDBOX_NETWORK');
  lock('connect', /** @this {any} */ function connect(/** @type {unknown} */ request, /** @type {unknown} */ address, /** @type {unknown[]} */ ...rest) {
    if (!isOwnPortSocket(address)) throw refusePath();
    return nativeConnect.call(this, request, address, ...rest);
  });
  lock('bind', /** @this {any} */ function bind(/** @type {unknown} */ address, /** @type {unknown[]} */ ...rest) {
    if (!isOwnPortSocket(address)) throw refusePath();
    return nativeBind.call(this, address, ...rest);
  });
}

// UDP: the class as well as the factory (`new dgram.Socket("udp4")` sent datagrams anywhere in the permission-only mode).
const dgram = require('node:dgram');
const refuseUdp = () => {
  throw sandboxError('놀이터의 서버 코드에서는 UDP(dgram)를 쓸 수 없습니다.', 'ERR_SANDBOX_NETWORK');
};
for (const name of ['bind', 'connect', 'send']) /** @type {any} */ (dgram.Socket.prototype)[name] = refuseUdp;
dgram.createSocket = /** @type {any} */ (refuseUdp);
dgram.Socket = /** @type {any} */ (function Socket() {
  refuseUdp();
});

// ---------------------------------------------------------------------------------------------
// Packages: the learner's files may import only the allowed ones
// ---------------------------------------------------------------------------------------------

/** @param {string} specifier */
function packageNameOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : /** @type {string} */ (parts[0]);
}

/** @param {string | undefined} parentURL */
function isLearnerFile(parentURL) {
  if (parentURL === undefined) return false;
  return parentURL.startsWith(dirUrlPrefix) || parentURL.startsWith(dirPrefix);
}

Module.registerHooks({
  resolve(specifier, context, nextResolve) {
    // Switched off by --no-experimental-sqlite (outside the permission model it creates files anywhere); Node's own
    // error is English and points into its loader, this one says why and where.
    if (specifier === 'node:sqlite' || specifier === 'sqlite') {
      throw sandboxError('node:sqlite는 놀이터의 서버 코드에서 쓸 수 없습니다(권한 모델 밖에서 파일을 만들 수 있어서). 데이터는 메모리(배열, Map)에 두세요.', 'ERR_UNKNOWN_BUILTIN_MODULE');
    }
    const bare = !/^(\.{0,2}\/|[a-z][a-z0-9+.-]*:)/i.test(specifier);
    if (bare && !Module.isBuiltin(specifier) && isLearnerFile(context.parentURL) && !allowedPackages.has(packageNameOf(specifier))) {
      throw sandboxError(
        `'${packageNameOf(specifier)}' 패키지는 놀이터에서 불러올 수 없습니다. 쓸 수 있는 패키지: ${[...allowedPackages].join(', ')}`,
        'ERR_SANDBOX_MODULE',
      );
    }
    return nextResolve(specifier, context);
  },
});

// ---------------------------------------------------------------------------------------------
// Reach-arounds: built-in APIs that act outside the program or show the host
// ---------------------------------------------------------------------------------------------

/** @param {string} what */
function refused(what) {
  return () => {
    throw sandboxError(`${what}은(는) 놀이터의 서버 코드에서 쓸 수 없습니다.`, 'ERR_SANDBOX_API');
  };
}

const v8 = require('node:v8');
// V8 flags change the engine under the limits (heap size, natives syntax); heap snapshots write files.
v8.setFlagsFromString = refused('v8.setFlagsFromString');
v8.writeHeapSnapshot = refused('v8.writeHeapSnapshot');

// A diagnostic report lists the host's paths, environment, network interfaces and libraries.
Object.defineProperty(process, 'report', { value: undefined, configurable: false, enumerable: false, writable: false });

// The host's name and network addresses (what a report showed too): in bubblewrap mode the program has its own
// hostname and only loopback; the permission-only mode showed the host's. Same answer in both.
const os = require('node:os');
const loopbackOnly = os.networkInterfaces;
os.hostname = () => 'sandbox';
os.networkInterfaces = () => {
  /** @type {NodeJS.Dict<os.NetworkInterfaceInfo[]>} */
  const own = {};
  for (const [name, addresses] of Object.entries(loopbackOnly())) {
    const internal = (addresses ?? []).filter((address) => address.internal);
    if (internal.length > 0) own[name] = internal;
  }
  return own;
};

// Signals to other processes: in the permission-only mode the learner's program runs as the same
// user as every other learner's, so it could stop theirs. Its own process may still be signalled.
// process._kill is the binding process.kill calls: guarded too, or a program called it directly past the check.
const originalKill = process.kill;
const refuseSignal = () => sandboxError('놀이터의 서버 코드는 다른 프로세스에 신호를 보낼 수 없습니다.', 'ERR_SANDBOX_API');
process.kill = /** @type {typeof process.kill} */ (function kill(pid, signal) {
  if (pid !== process.pid && pid !== 0) throw refuseSignal();
  return originalKill.call(process, pid, signal);
});
const rawKill = /** @type {any} */ (process)._kill;
Object.defineProperty(process, '_kill', {
  value: function _kill(/** @type {unknown} */ pid, /** @type {unknown} */ signal) {
    if (pid !== process.pid && pid !== 0) throw refuseSignal();
    return rawKill.call(process, pid, signal);
  },
  writable: false,
  configurable: false,
  enumerable: false,
});

// `import { createSocket } from "node:dgram"` reads the ES module's own copy of the exports:
// bring it in line with every change above.
Module.syncBuiltinESMExports();
