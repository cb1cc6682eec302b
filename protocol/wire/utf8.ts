/**
 * UTF-8 checking that works across chunk boundaries: a text message split into fragments may split
 * a code point too (RFC 6455 §5.6, §8.1), so validity is a property of the whole stream, not of one
 * frame. TextDecoder's `fatal` mode would also work, but it cannot say where the bad byte is.
 */

/** A UTF-8 validator with a few bytes of state. */
export interface Utf8Validator {
  /** Checks more bytes. Returns the index (within `bytes`) of the first invalid byte, or -1. */
  push(bytes: Uint8Array): number;
  /** True when the bytes so far end on a code point boundary and nothing was invalid. */
  end(): boolean;
  /** True once an invalid byte was seen; later bytes are not checked. */
  readonly failed: boolean;
}

/** Creates a streaming validator for the well-formed UTF-8 of RFC 3629 §4 (no surrogates, nothing above U+10FFFF). */
export function createUtf8Validator(): Utf8Validator {
  let needed = 0;
  // Bounds for the next continuation byte: only the first one after a lead byte is narrowed.
  let lower = 0x80;
  let upper = 0xbf;
  let failed = false;

  return {
    push(bytes) {
      if (failed) return -1;
      for (let i = 0; i < bytes.length; i++) {
        const byte = bytes[i] ?? 0;
        if (needed === 0) {
          if (byte <= 0x7f) continue;
          if (byte >= 0xc2 && byte <= 0xdf) needed = 1;
          else if (byte >= 0xe0 && byte <= 0xef) {
            needed = 2;
            if (byte === 0xe0) lower = 0xa0; // overlong
            if (byte === 0xed) upper = 0x9f; // UTF-16 surrogates
          } else if (byte >= 0xf0 && byte <= 0xf4) {
            needed = 3;
            if (byte === 0xf0) lower = 0x90; // overlong
            if (byte === 0xf4) upper = 0x8f; // above U+10FFFF
          } else {
            failed = true;
            return i;
          }
          continue;
        }
        if (byte < lower || byte > upper) {
          failed = true;
          return i;
        }
        lower = 0x80;
        upper = 0xbf;
        needed--;
      }
      return -1;
    },
    end() {
      return !failed && needed === 0;
    },
    get failed() {
      return failed;
    },
  };
}

/** Text decoded from complete bytes, with its validity. */
export interface DecodedText {
  /** The text, with U+FFFD where the bytes were not UTF-8 (so the learner still sees something). */
  value: string;
  valid: boolean;
  /** Index of the first byte that breaks UTF-8 (the length itself when the text stops mid code point), or null. */
  invalidAt: number | null;
}

const lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Decodes complete UTF-8 bytes and says whether, and where, they are invalid. */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
  const validator = createUtf8Validator();
  const at = validator.push(bytes);
  const invalidAt = at !== -1 ? at : validator.end() ? null : bytes.length;
  return { value: lenient.decode(bytes), valid: invalidAt === null, invalidAt };
}
