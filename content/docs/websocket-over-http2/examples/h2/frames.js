// RFC 6455 프레임 하나를 만들고 읽는 작은 함수들(‘프레임’ 수업의 비트 배치). HTTP/2 위에서도 프레임은 똑같습니다.
// 짧게 쓰려고 페이로드 125바이트 이하, 조각 나누지 않은 프레임만 다룹니다.

/** opcode(1 텍스트, 8 닫기)와 페이로드로 프레임을 만듭니다. 클라이언트가 보내는 프레임은 마스킹해야 합니다(mask: true). */
export function frame(opcode, payload, { mask = false } = {}) {
  const bytes = Buffer.from(payload);
  if (bytes.length > 125) throw new Error("이 예제는 125바이트 이하만 다룹니다.");
  const head = Buffer.from([0x80 | opcode, (mask ? 0x80 : 0) | bytes.length]);
  if (!mask) return Buffer.concat([head, bytes]);
  const key = crypto.getRandomValues(Buffer.alloc(4));
  return Buffer.concat([head, key, bytes.map((byte, i) => byte ^ key[i % 4])]);
}

/** 텍스트 프레임 */
export const textFrame = (text, options) => frame(0x1, Buffer.from(text, "utf8"), options);

/** 닫기 프레임: 닫힘 코드 2바이트 + 이유 */
export const closeFrame = (code, reason = "", options) => {
  const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
  payload.writeUInt16BE(code, 0);
  payload.write(reason, 2, "utf8");
  return frame(0x8, payload, options);
};

/** 받은 바이트에서 프레임 하나를 읽습니다(마스크가 있으면 풉니다). */
export function readFrame(bytes) {
  const masked = (bytes[1] & 0x80) !== 0;
  const length = bytes[1] & 0x7f;
  const start = masked ? 6 : 2;
  const payload = Buffer.from(bytes.subarray(start, start + length));
  if (masked) for (let i = 0; i < payload.length; i++) payload[i] ^= bytes[2 + (i % 4)];
  return { fin: (bytes[0] & 0x80) !== 0, opcode: bytes[0] & 0x0f, masked, payload };
}
