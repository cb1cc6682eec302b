// 안전한 예: 받은 글을 textContent로 넣습니다. 글자는 글자일 뿐, HTML로 해석되지 않습니다.
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
  li.textContent = event.data; // 텍스트 노드로 넣습니다: <, >, " 가 보이는 그대로 나옵니다.
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
