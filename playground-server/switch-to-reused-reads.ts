import { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ReusedReads } from './reused-reads.ts';

/**
 * Switches a socket Node has already opened to reads into a ReusedReads buffer, as if it had been created with the
 * `onread` option. The browser's side of the sandbox proxy is a socket the HTTP server accepted: there is no public
 * way to give it a read buffer, and a fresh one per read cost our process most of its major GCs (issue 14 goal 7).
 *
 * This does what lib/net.js does for `onread` (Node 24: the Socket constructor and initSocketHandle): the socket's own
 * `kBuffer`, `kBufferGen` and `kBufferCb` fields, then `_handle.useUserBuffer(buffer)`. From then on
 * lib/internal/stream_base_commons.js onStreamRead hands every read to the callback instead of pushing a new Buffer;
 * a false return stops reading (readStop), and `resume()`, `read()` and `_read()` start it again because `kBuffer` is
 * set. The socket emits no 'data' of its own any more (the caller passes the bytes on); EOF still ends it ('end').
 *
 * These are Node internals, so everything is checked first: on a Node without them (or a socket not in the state this
 * expects) nothing changes and the result is false, and the caller keeps to 'data' events.
 * tests/integration/switch-to-reused-reads.test.ts fails if our pinned Node stops taking the switch.
 */

interface ReadFields {
  buffer: symbol;
  generator: symbol;
  callback: symbol;
}

/** net.js's three symbols, the same for every socket: found once, by description, on the first socket asked about. */
let fields: ReadFields | null | undefined;

function readFields(socket: Socket): ReadFields | null {
  if (fields !== undefined) return fields;
  const own = Object.getOwnPropertySymbols(socket);
  const named = (description: string) => own.filter((symbol) => symbol.description === description);
  const [buffer, generator, callback] = [named('kBuffer'), named('kBufferGen'), named('kBufferCb')];
  fields = buffer.length === 1 && generator.length === 1 && callback.length === 1 ? { buffer: buffer[0]!, generator: generator[0]!, callback: callback[0]! } : null;
  return fields;
}

type UserBufferHandle = { useUserBuffer?: unknown };

/**
 * Makes `socket` read into `reads` (whose `take()` gets the bytes). True when it did; false (nothing changed) when this
 * Node or this socket does not allow it. Call it before anything reads the socket: with bytes already waiting in its
 * readable buffer (or TLS in between) it does nothing.
 */
export function switchToReusedReads(socket: Duplex, reads: ReusedReads): boolean {
  if (!(socket instanceof Socket) || socket.destroyed || socket.readableLength > 0 || 'encrypted' in socket) return false;
  const handle = (socket as unknown as { _handle?: UserBufferHandle | null })._handle;
  if (typeof handle?.useUserBuffer !== 'function') return false;
  const symbols = readFields(socket);
  if (!symbols) return false;
  const own = socket as unknown as Record<symbol, unknown>;
  // A socket that already reads into a buffer of its own is left as it is.
  if (own[symbols.buffer] !== null || own[symbols.generator] !== null || own[symbols.callback] !== null) return false;
  const first = reads.onread.buffer();
  // kBuffer also keeps the buffer alive: the C++ side holds only its address.
  own[symbols.buffer] = first;
  own[symbols.generator] = reads.onread.buffer;
  own[symbols.callback] = reads.onread.callback;
  (handle.useUserBuffer as (buffer: Uint8Array) => void).call(handle, first);
  return true;
}
