// /ws/chat 은 이 놀이터 서버의 채팅방입니다. 접속한 모든 사람이 같은 방에 있습니다.
const socket = new WebSocket("/ws/chat");

const status = document.querySelector("#status");
const list = document.querySelector("ul");
const form = document.querySelector("form");
const input = document.querySelector("input");
let openedAt = 0;

// 받은 글을 목록에 한 줄 더합니다. textContent: 글을 HTML로 해석하지 않습니다.
function show(text) {
  const li = document.createElement("li");
  li.textContent = text;
  if (text.endsWith("님이 연결되었습니다.") || text.endsWith("님의 연결이 끊어졌습니다.")) li.className = "notice";
  list.append(li);
  window.scrollTo(0, document.body.scrollHeight);
}

socket.onopen = () => {
  openedAt = performance.now();
  status.textContent = "연결됨: 이 방의 메시지가 실시간으로 도착합니다.";
  status.className = "online";
  console.log("연결되었습니다:", socket.url);
};

// 서버가 보내는 메시지는 내가 요청하지 않아도, 언제든 도착합니다.
socket.onmessage = (event) => {
  const seconds = ((performance.now() - openedAt) / 1000).toFixed(1);
  console.log(`연결 ${seconds}초 뒤 도착:`, event.data);
  show(event.data);
};

socket.onclose = (event) => {
  status.textContent = `연결이 끊어졌습니다 (닫힘 코드 ${event.code}).`;
  status.className = "";
};

form.addEventListener("submit", (event) => {
  event.preventDefault();
  if (input.value && socket.readyState === WebSocket.OPEN) {
    socket.send(input.value);
    input.value = "";
  }
});
