/**
 * The capture tag: what marks a connection as one a page made, so the tap records it for that page.
 * The server gives each page's control channel a tag ("<page>"); each playground on the page adds
 * its own name ("<page>.<playground>"), so its connections can be told apart, slowed, pinged or cut.
 * The bridge carries the tag in the URLs it opens (`?pg=`, CAPTURE_PARAM).
 */

/** The query parameter that carries a connection's tag (the sandbox bridge and the Socket.IO shim add it to the URLs they open). */
export const CAPTURE_PARAM = 'pg';

/** A playground's name on its page (control messages validate it with this). */
export const PLAYGROUND_NAME_PATTERN = /^[\w-]{1,40}$/;
/** A page's own tag (the server makes it: a UUID), maybe a dot and one of its playgrounds. */
const TAG = /^([\w-]{1,64})(?:\.([\w-]{1,40}))?$/;

/** The tag of one playground's connections: "<page>.<playground>". */
export function playgroundTag(page: string, playground: string): string {
  return `${page}.${playground}`;
}

/** What comes before every playground tag of a page. */
export function playgroundTagPrefix(page: string): string {
  return `${page}.`;
}

export interface ParsedTag {
  page: string;
  /** The playground's name, or null for a tag of the page as a whole. */
  playground: string | null;
}

/** Reads a tag as a connection carried it; null when it is not one (anything a visitor sends may be). */
export function parseTag(tag: string | null | undefined): ParsedTag | null {
  if (!tag) return null;
  const match = TAG.exec(tag);
  if (match === null) return null;
  return { page: match[1] ?? '', playground: match[2] ?? null };
}

/** Whether `tag` names the playground `playground` (of any page). */
export function isPlaygroundTag(tag: string | null | undefined, playground: string): boolean {
  return parseTag(tag)?.playground === playground;
}
