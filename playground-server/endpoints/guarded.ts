import type { Logger } from '../log.ts';

/** A short, stable description of what a handler threw, for the log (never the visitor's data). */
export function describeThrow(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 200);
  return typeof error;
}

/**
 * Wraps a handler that a visitor's bytes reach. Whatever it throws is logged and handed to
 * `onThrow` (which ends that one connection); it never climbs into the socket's `data` event, where
 * it would be uncaught and end the process for every learner.
 */
export function guarded<A extends unknown[]>(
  logger: Logger,
  where: string,
  handler: (...args: A) => void,
  onThrow: (error: unknown) => void,
): (...args: A) => void {
  return (...args: A) => {
    try {
      handler(...args);
    } catch (error) {
      reportThrow(logger, where, error, onThrow);
    }
  };
}

/** What `guarded` does with a throw: logs it and hands it to `onThrow`, whose own throw is only logged. */
export function reportThrow(logger: Logger, where: string, error: unknown, onThrow: (error: unknown) => void): void {
  logger.warn('handler_threw', { where, error: describeThrow(error) });
  try {
    onThrow(error);
  } catch (again) {
    logger.error('handler_cleanup_threw', { where, error: describeThrow(again) });
  }
}

/**
 * `${value}` as the seed article's chat server writes it, for a value a visitor sent: a payload
 * such as `{"toString":1}` makes the template throw (no way to turn it into a primitive), and so
 * can an array nested deep enough to exhaust the stack. Those read as a fixed Korean marker.
 */
export function seedText(value: unknown): string {
  try {
    return `${value as string}`;
  } catch {
    return '(글자로 바꿀 수 없는 값)';
  }
}
