// 도전 과제 정답: 메시지 길이에 따라 WebSocket 프레임 전체의 크기를 계산합니다 (RFC 6455 §5.2).
// payloadBytes: 내용의 바이트 수, fromClient: 브라우저→서버 프레임이면 true
function frameSize(payloadBytes, fromClient) {
  let header = 2; // FIN·opcode 1바이트 + MASK 비트·길이 7비트 1바이트
  if (payloadBytes > 65535) header += 8; // 길이 칸이 127이면 뒤에 64비트 길이가 붙습니다
  else if (payloadBytes > 125) header += 2; // 길이 칸이 126이면 뒤에 16비트 길이가 붙습니다
  if (fromClient) header += 4; // 클라이언트가 보내는 프레임에는 마스킹 키 4바이트 (§5.3)
  return header + payloadBytes;
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
