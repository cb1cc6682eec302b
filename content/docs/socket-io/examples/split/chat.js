import { io } from "https://cdn.socket.io/4.7.5/socket.io.esm.min.js";

const socket = io();
const status = document.querySelector("#status");
const ul = document.querySelector("ul");
const form = document.querySelector("form");
const input = document.querySelector("input");

// 연결 상태를 화면에 보여 줍니다. Socket.IO는 끊기면 스스로 다시 연결합니다.
socket.on("connect", () => {
  status.textContent = `연결됨 (내 id: ${socket.id})`;
  status.className = "online";
});
socket.on("disconnect", (reason) => {
  status.textContent = `연결 끊김: ${reason}. 다시 연결하는 중…`;
  status.className = "";
});

socket.on("message", (msg) => {
  const li = document.createElement("li");
  li.textContent = msg; // textContent: 받은 글을 HTML로 해석하지 않습니다.
  ul.appendChild(li);
  window.scrollTo(0, document.body.scrollHeight);
});

form.addEventListener("submit", (event) => {
  event.preventDefault();
  if (input.value) {
    socket.emit("message", input.value);
    input.value = "";
  }
});
