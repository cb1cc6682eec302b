import type { LogFields, Logger } from '../../playground-server/log.ts';

export interface LoggedEvent {
  level: string;
  event: string;
  fields: LogFields;
}

export type RecordingLogger = Logger & { events: LoggedEvent[]; count(event: string): number };

/** A logger that keeps every event it is told, for tests that read the log. */
export function recordingLogger(): RecordingLogger {
  const events: LoggedEvent[] = [];
  const at = (level: string) => (event: string, fields: LogFields = {}) => void events.push({ level, event, fields });
  return { events, count: (event) => events.filter((e) => e.event === event).length, error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}
