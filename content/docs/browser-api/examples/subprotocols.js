// 하위 프로토콜(subprotocol): 이 연결 위에서 어떤 ‘말’로 대화할지 서버와 정합니다.
// 두 번째 인자로 쓸 수 있는 것을 선호하는 순서대로 넘기면, Sec-WebSocket-Protocol 헤더로 서버에 전해집니다.
const socket = new WebSocket("/ws/echo", ["chat.v2.example", "chat.v1.example"]);
console.log("연결 전 protocol:", JSON.stringify(socket.protocol)); // 아직 정해지지 않았습니다

socket.onopen = () => {
  // 서버가 목록에서 고른 하나입니다. (이 놀이터의 에코 서버는 목록의 첫 번째를 고릅니다)
  console.log("서버가 고른 protocol:", JSON.stringify(socket.protocol));
  // 확장(extension)도 같은 식으로 협상합니다. 이 서버는 압축 확장을 켜지 않았습니다.
  console.log("협상된 extensions:", JSON.stringify(socket.extensions));
  socket.close(1000);
};

// 같은 이름을 두 번 넘기거나 토큰에 쓸 수 없는 문자(한글, 공백, 쉼표 …)를 넣으면
// 연결을 시작하지도 않고 곧바로 SyntaxError가 납니다.
for (const protocols of [["chat", "chat"], ["채팅"], ["chat v2"]]) {
  try {
    new WebSocket("/ws/echo", protocols);
  } catch (error) {
    console.log(`${JSON.stringify(protocols)} → ${error.name}`);
  }
}
