import { io } from "https://cdn.socket.io/4.7.5/socket.io.esm.min.js";

// 같은 서버에 두 번 연결해 봅니다. 한 번은 기본(폴링으로 시작), 한 번은 처음부터 WebSocket으로.
function attempt(label, options) {
  return new Promise((resolve) => {
    const socket = io({ ...options, forceNew: true, reconnection: false });
    socket.on("connect", () => {
      console.log(`${label}: 연결됨`);
      socket.disconnect();
      resolve();
    });
    socket.on("connect_error", (error) => {
      console.log(`${label}: connect_error (${error.message})`);
      resolve();
    });
  });
}

await attempt("폴링으로 시작", {});
await attempt("WebSocket만", { transports: ["websocket"] });
