import type { Duplex } from 'node:stream';

/**
 * Who has stopped a socket's reading, so that one part of the server does not undo another's pause. The browser's side
 * of the sandbox proxy can be paused by net-conditions (a slowed link's budget is spent) and by the proxy (the
 * learner's server is not reading): with plain pause()/resume() net-conditions resumed the socket after every delayed
 * chunk it let in, and what the learner's server could not take piled up in our memory without bound.
 * The socket reads again when the last hold on it is released. Nothing is kept for a socket nobody holds.
 */
const holds = new WeakMap<Duplex, Set<string>>();

/** Stops `socket` reading until `holder` (and every other holder) releases it. */
export function holdReading(socket: Duplex, holder: string): void {
  let held = holds.get(socket);
  if (!held) holds.set(socket, (held = new Set()));
  held.add(holder);
  socket.pause();
}

/** Takes back `holder`'s hold; the socket reads again if no other holds it. Nothing happens if `holder` held nothing. */
export function releaseReading(socket: Duplex, holder: string): void {
  const held = holds.get(socket);
  if (!held?.delete(holder)) return;
  if (held.size > 0) return;
  holds.delete(socket);
  socket.resume();
}
