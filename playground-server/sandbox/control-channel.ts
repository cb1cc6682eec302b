import { z } from 'zod';

/**
 * What the preload (preload.cjs) tells the parent on fd 3, one JSON object per line. The child
 * may be hostile and can write anything there, so every line is validated and nothing in it names
 * a path: the parent derives socket paths from the port number itself.
 */
const port = z.number().int().min(0).max(65535);

export const controlMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('listening'), port }),
  z.object({ type: z.literal('closed'), port }),
  z.object({
    type: z.literal('limit'),
    kind: z.enum(['ports', 'outbound-connections']),
    limit: z.number().int(),
    /** The learner's line that hit the limit, when the call came from their files. */
    at: z
      .object({ file: z.string().min(1).max(200), line: z.number().int().positive(), column: z.number().int().positive() })
      .nullable()
      .default(null),
  }),
]);

export type ControlMessage = z.infer<typeof controlMessageSchema>;

/** A message, or null for a line that is not one (ignored, and logged at debug level by the caller). */
export function parseControlLine(line: string): ControlMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  const result = controlMessageSchema.safeParse(value);
  return result.success ? result.data : null;
}
