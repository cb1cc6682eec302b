// 도전 과제: 메시지 길이가 얼마든 WebSocket 프레임 전체의 크기를 계산하세요 (RFC 6455 §5.2).
// payloadBytes: 내용의 바이트 수, fromClient: 브라우저→서버 프레임이면 true
function frameSize(payloadBytes, fromClient) {
  // 지금은 125바이트 이하의 메시지만 맞게 계산합니다.
  return 2 + (fromClient ? 4 : 0) + payloadBytes;
}

const cases = [
  [5, true],
  [125, false],
  [126, false],
  [65535, true],
  [65536, false],
  [70000, true],
];
for (const [payloadBytes, fromClient] of cases) {
  const direction = fromClient ? "브라우저→서버" : "서버→브라우저";
  console.log(`${payloadBytes}바이트, ${direction}: ${frameSize(payloadBytes, fromClient)}바이트`);
}
