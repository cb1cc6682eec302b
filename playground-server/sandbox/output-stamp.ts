/**
 * A learner's output line as the sandbox's preload writes it: `\0<ms since the epoch>\0` and the
 * text, the time being when the program wrote the line (preload.cjs `stampLines`). The console
 * orders server and browser lines by time; a time taken when the playground server got round to
 * reading the pipe would put a line printed before the 101 after the browser's `open` on a busy
 * machine.
 */
export const OUTPUT_STAMP = /^\0(\d{1,16})\0/;

/**
 * The line's text and its time of writing. The stamp is the learner's own program's word, so it is
 * only believed between the sandbox's start and `readAt` (a line cannot be written after it was
 * read); a line without one (Node's own report of an uncaught error is written past the streams)
 * keeps `readAt`.
 */
export function unstampLine(raw: string, startedAt: number, readAt: number): { text: string; time: number } {
  const match = OUTPUT_STAMP.exec(raw);
  if (!match) return { text: raw, time: readAt };
  const stamped = Number(match[1]);
  return { text: raw.slice(match[0].length), time: Math.min(readAt, Math.max(startedAt, stamped)) };
}

