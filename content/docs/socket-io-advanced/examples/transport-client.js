import { io } from "https://cdn.socket.io/4.7.5/socket.io.esm.min.js";

const socket = io();
const engine = socket.io.engine; // 이 연결의 Engine.IO 클라이언트

// Engine.IO 패킷 종류: 0 open, 1 close, 2 ping, 3 pong, 4 message, 5 upgrade, 6 noop
const TYPES = { open: 0, close: 1, ping: 2, pong: 3, message: 4, upgrade: 5, noop: 6 };
const show = (packet) => `${TYPES[packet.type]}${typeof packet.data === "string" ? packet.data : ""} (${packet.type})`;

engine.on("packet", (packet) => console.log(`받음 [${engine.transport.name}] ${show(packet)}`));
engine.on("packetCreate", (packet) => console.log(`보냄 [${engine.transport.name}] ${show(packet)}`));
engine.on("upgrade", (transport) => console.log(`── ${transport.name}(으)로 업그레이드했습니다 ──`));

socket.on("connect", () => console.log(`connect 이벤트: id ${socket.id}, 전송 방식 ${engine.transport.name}`));

setTimeout(() => socket.disconnect(), 4000);
