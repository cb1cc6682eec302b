// ⚠ 위험한 예: 받은 글을 innerHTML로 화면에 넣습니다.
const socket = new WebSocket("/ws/chat");
const status = document.querySelector("#status");
const list = document.querySelector("ul");
const form = document.querySelector("form");
const input = document.querySelector("input");

socket.onopen = () => {
  status.textContent = "연결됨";
  status.className = "online";
};

socket.onmessage = (event) => {
  const li = document.createElement("li");
  li.innerHTML = event.data; // 받은 글을 HTML로 해석합니다: 태그가 만들어지고, 이벤트 속성의 스크립트가 실행됩니다!
  list.append(li);
  console.log("받은 글:", event.data);
};

// 위쪽 버튼: 적힌 글을 그대로 보냅니다(채팅방의 모두에게, 나에게도 돌아옵니다).
for (const button of document.querySelectorAll("[data-send]")) {
  button.addEventListener("click", () => socket.send(button.dataset.send));
}
form.addEventListener("submit", (event) => {
  event.preventDefault();
  if (input.value) {
    socket.send(input.value);
    input.value = "";
  }
});
