// 도전 과제: 보낸 사람의 id는 굵게, 내용은 글자 그대로 보이도록 render를 안전하게 고치세요.
const socket = new WebSocket("/ws/chat");
const list = document.querySelector("ul");
const form = document.querySelector("form");
const input = document.querySelector("input");

function render(message) {
  const li = document.createElement("li");
  const at = message.indexOf(": ");
  if (at === -1) {
    // 입장·퇴장 알림: "<id> 님이 연결되었습니다."
    li.className = "notice";
    li.textContent = message;
  } else {
    // 채팅 메시지: "<id>: <내용>"
    const id = message.slice(0, at);
    const text = message.slice(at + 2);
    li.innerHTML = `<strong>${id}</strong>: ${text}`; // 위험: 내용이 HTML로 해석됩니다
  }
  list.append(li);
  // 확인용: 화면에 보이는 글자와 굵게 보이는 부분을 콘솔에 남깁니다. ‘✔ 확인’이 이 줄을 읽습니다.
  console.log("화면에 보이는 글:", li.textContent);
  const bold = li.querySelector("strong");
  if (bold) console.log("굵게 보이는 부분:", bold.textContent);
}

socket.onmessage = (event) => render(event.data);

// 연결되면 시험용 글을 보냅니다. 이 글이 HTML로 해석되면 콘솔에 “XSS 실행됨”이 찍힙니다.
socket.onopen = () => socket.send(`<img src=x onerror="console.log('XSS 실행됨')">`);

form.addEventListener("submit", (event) => {
  event.preventDefault();
  if (input.value) {
    socket.send(input.value);
    input.value = "";
  }
});
