/**
 * What a supervised process (the one worker of `npm start`, or a worker of `--workers N`) tells
 * its parent besides the cluster's own messages, so that the parent can clean up after it should
 * it die without doing so itself: every learner's server it started (the root of a process group
 * of its own) and the folder their workspaces live in.
 */
export type SupervisedToParent =
  /** The one worker of `npm start` listens (on this port). */
  | { type: 'pg:listening'; port: number }
  | { type: 'pg:sandbox-started'; pid: number; start: string }
  | { type: 'pg:sandbox-ended'; pid: number }
  | { type: 'pg:workspace'; root: string };

export type ParentToSupervised = { type: 'pg:shutdown' };

/** Env variables a supervisor hands its child. */
export const SUPERVISED_ENV = 'PG_SUPERVISED';
/** The port the first child ended up on (PORT=0 picks one): later children listen there too. */
export const SUPERVISED_PORT_ENV = 'PG_SUPERVISED_PORT';

/** Sends to the parent if there is one; a parent that is gone (or going) is not an error here. */
export function tellParent(message: SupervisedToParent): void {
  if (process.connected) process.send?.(message, undefined, {}, () => {});
}

export function isSandboxReport(message: unknown): message is Extract<SupervisedToParent, { type: 'pg:sandbox-started' | 'pg:sandbox-ended' | 'pg:workspace' }> {
  if (typeof message !== 'object' || message === null) return false;
  const { type } = message as { type?: unknown };
  return type === 'pg:sandbox-started' || type === 'pg:sandbox-ended' || type === 'pg:workspace';
}
