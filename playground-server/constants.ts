/** Protocol constants, named as RFC 6455 names them. */

/** §7.4.1 close codes used by the playground. */
export const CloseCode = {
  NORMAL: 1000,
  GOING_AWAY: 1001,
  PROTOCOL_ERROR: 1002,
  INVALID_PAYLOAD: 1007,
  POLICY_VIOLATION: 1008,
  MESSAGE_TOO_BIG: 1009,
  INTERNAL_ERROR: 1011,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
