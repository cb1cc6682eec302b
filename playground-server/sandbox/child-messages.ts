import * as z from 'zod/mini';

/**
 * What the preload (preload.cjs) tells the parent on fd 3, one JSON object per line. The child
 * may be hostile and can write anything there, so every line is validated and nothing in it names
 * a path: the parent derives socket paths from the port number itself.
 */
const port = z.number().check(z.int(), z.minimum(0), z.maximum(65535));

export const childMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('listening'), port }),
  z.object({ type: z.literal('closed'), port }),
  z.object({
    type: z.literal('limit'),
    kind: z.enum(['ports', 'outbound-connections']),
    limit: z.number().check(z.int()),
    /** The learner's line that hit the limit, when the call came from their files. */
    at: z._default(
      z.nullable(
        z.object({
          file: z.string().check(z.minLength(1), z.maxLength(200)),
          line: z.number().check(z.int(), z.positive()),
          column: z.number().check(z.int(), z.positive()),
        }),
      ),
      null,
    ),
  }),
]);

export type ChildMessage = z.infer<typeof childMessageSchema>;

/** A message, or null for a line that is not one (ignored, and logged at debug level by the caller). */
export function parseChildLine(line: string): ChildMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  const result = childMessageSchema.safeParse(value);
  return result.success ? result.data : null;
}
