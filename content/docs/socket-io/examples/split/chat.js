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
  // socket.active: 클라이언트가 스스로 다시 연결하려는 중인지. 서버나 우리 코드가 끊었으면(io server/client disconnect) false입니다.
  status.textContent = `연결 끊김: ${reason}. ${socket.active ? "다시 연결하는 중…" : "다시 연결하지 않습니다."}`;
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
