import { io } from "https://cdn.socket.io/4.7.5/socket.io.esm.min.js";

function join(name, room) {
  const socket = io({ forceNew: true, auth: { name, room } });
  socket.on("message", (text) => console.log(`[${name}] ${text}`));
  return new Promise((resolve) => socket.on("connect", () => resolve(socket)));
}

const a = await join("A", "1반");
const b = await join("B", "1반");
const c = await join("C", "2반");

a.emit("shout", "1반 모여라!");
setTimeout(() => c.emit("whisper", { to: a.id, text: "A야, 2반의 C야" }), 300);
setTimeout(() => [a, b, c].forEach((socket) => socket.disconnect()), 800);
