import { describe, expect, it } from 'vitest';
import { CLOSE_CODES, CloseCode, isControlOpcode, isReservedOpcode, isValidCloseCode, minimalLengthForm, opcodeName } from '../../../../protocol/wire/constants.ts';
import { describeCloseCode, describeOpcode } from '../../../../protocol/wire/descriptions.ts';

describe('opcodes (RFC 6455 §5.2)', () => {
  it('names every one of the 16 opcodes and sorts them into data, control and reserved', () => {
    const table = Array.from({ length: 16 }, (_, opcode) => [opcode, opcodeName(opcode), isControlOpcode(opcode), isReservedOpcode(opcode)]);
    expect(table).toEqual([
      [0x0, 'continuation', false, false],
      [0x1, 'text', false, false],
      [0x2, 'binary', false, false],
      ...[3, 4, 5, 6, 7].map((opcode) => [opcode, 'reserved-data', false, true]),
      [0x8, 'close', true, false],
      [0x9, 'ping', true, false],
      [0xa, 'pong', true, false],
      ...[0xb, 0xc, 0xd, 0xe, 0xf].map((opcode) => [opcode, 'reserved-control', true, true]),
    ]);
  });

  it('has a Korean description for every opcode, reserved ones included', () => {
    expect(describeOpcode(0x1)).toBe('텍스트 프레임: UTF-8 텍스트를 담습니다.');
    expect(describeOpcode(0xb)).toContain('0xb');
    expect(new Set(Array.from({ length: 16 }, (_, opcode) => describeOpcode(opcode))).size).toBe(16);
  });

  it('picks the shortest length form (§5.2)', () => {
    expect([0, 125, 126, 65_535, 65_536].map(minimalLengthForm)).toEqual(['7-bit', '7-bit', '16-bit', '16-bit', '64-bit']);
  });
});

describe('close codes (RFC 6455 §7.4)', () => {
  it('names every registered code once: the names the server closes with are the codes the inspector explains', () => {
    expect(CloseCode.GOING_AWAY).toBe(1001);
    expect(CloseCode.POLICY_VIOLATION).toBe(1008);
    expect(Object.values(CloseCode).sort()).toEqual(Object.keys(CLOSE_CODES).map(Number));
    expect(CLOSE_CODES[CloseCode.MESSAGE_TOO_BIG]).toEqual({ name: 'Message Too Big', sendable: true });
  });

  it('marks 1004, 1005, 1006 and 1015 as never sent on the wire', () => {
    expect(Object.entries(CLOSE_CODES).filter(([, info]) => !info.sendable).map(([code]) => Number(code))).toEqual([1004, 1005, 1006, 1015]);
  });

  it('accepts the registered sendable codes and 3000–4999, and nothing else', () => {
    const valid = Array.from({ length: 6000 }, (_, code) => code).filter(isValidCloseCode);
    expect(valid.filter((code) => code < 3000)).toEqual([1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014]);
    expect(valid.filter((code) => code >= 3000)).toHaveLength(2000);
    expect(valid.at(-1)).toBe(4999);
  });

  it('explains each code in Korean, with the ranges of §7.4.2', () => {
    expect(describeCloseCode(1006)).toContain('절대 보내지 않습니다');
    expect(describeCloseCode(3001)).toContain('3000–3999');
    expect(describeCloseCode(4321)).toContain('4000–4999');
    expect(describeCloseCode(2000)).toContain('보내면 안 되는');
  });
});
