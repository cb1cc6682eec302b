import { io } from "https://cdn.socket.io/4.7.5/socket.io.esm.min.js";

function tryConnect(label, auth) {
  return new Promise((resolve) => {
    const socket = io({ forceNew: true, auth });
    socket.on("message", (text) => {
      console.log(`${label}: 받음 "${text}"`);
      socket.disconnect();
      resolve();
    });
    socket.on("connect_error", (error) => {
      // 미들웨어가 거절하면 클라이언트는 다시 연결하지 않습니다(socket.active가 false).
      console.log(`${label}: connect_error "${error.message}", data ${JSON.stringify(error.data)}, 다시 시도? ${socket.active}`);
      resolve();
    });
  });
}

await tryConnect("토큰 없음", {});
await tryConnect("틀린 토큰", { token: "guess" });
await tryConnect("맞는 토큰", { token: "sesame" });
