import * as z from 'zod/mini';

/**
 * zod/mini carries no messages of its own (every issue reads "Invalid input"): the operator who
 * mistypes a setting reads zod's English ones ("Too big: expected number to be <=65535"), which the
 * config error lists after each Korean or custom message. Passed per parse (`schema.safeParse(input,
 * ENGLISH_MESSAGES)`), so nothing global changes and the browser bundle carries no locale.
 */
export const ENGLISH_MESSAGES = { error: z.locales.en().localeError } as const;
