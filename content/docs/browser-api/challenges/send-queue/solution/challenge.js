// 도전 과제 정답: 연결이 열리기 전에 보낸 메시지는 줄(queue)에 세워 두었다가, 열리면 순서대로 보냅니다.
const socket = new WebSocket("/ws/echo");
socket.onmessage = (event) => console.log("에코:", event.data);

const queue = [];
socket.addEventListener("open", () => {
  for (const message of queue) socket.send(message);
  queue.length = 0;
});

function safeSend(message) {
  if (socket.readyState === WebSocket.OPEN) socket.send(message);
  else if (socket.readyState === WebSocket.CONNECTING) queue.push(message);
  else console.log("연결이 이미 닫혀서 보내지 못했습니다:", message);
}

// 연결이 열리기 전에 세 번 보냅니다. 에코가 "하나", "둘", "셋" 순서로 돌아와야 합니다.
safeSend("하나");
safeSend("둘");
safeSend("셋");
