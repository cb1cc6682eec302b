/**
 * `<wsi-frame-detail>`: one frame taken apart. A bit diagram laid out like RFC 6455 §5.2 (rows of
 * 32 bits, every field with its actual bits), a table of the fields with their values and meaning
 * (also the diagram's text alternative), the unmasking byte by byte (§5.3), the payload as hex and
 * as text, the close code and reason, and any problem with the close code the RFC prescribes.
 */
import { CLOSE_CODES } from '../../protocol/wire/constants.ts';
import { describeCloseCode } from '../../protocol/wire/descriptions.ts';
import type { DecodedFrame } from '../../protocol/wire/frame.ts';
import { decodeUtf8 } from '../../protocol/wire/utf8.ts';
import { h } from './dom.ts';
import type { FrameSelection } from './frame-list.ts';
import { frameFields, layoutRows, layoutSummary, ROW_BITS, type FrameField } from './frame-layout.ts';
import { DIRECTION_LABELS, elidedFrameNote, formatBytes, formatMs, frameKindLabel } from './labels.ts';

/** Bytes shown in the XOR table and in the hex dump. */
const XOR_ROWS = 16;
const HEX_BYTES = 512;

const hex2 = (byte: number) => byte.toString(16).padStart(2, '0');
const bin8 = (byte: number) => byte.toString(2).padStart(8, '0');
/** Bits in groups of 8 from the left, so long fields wrap between bytes: "10111111 10011001". */
const groupBits = (bits: string) => bits.replace(/(.{8})(?=.)/g, '$1 ');
const printable = (byte: number) => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '·');

function bitDiagram(fields: readonly FrameField[]): HTMLElement {
  const grid = h('div', { class: 'wsi-bits', role: 'img', 'aria-label': `프레임 비트 배치도 (RFC 6455 §5.2): ${layoutSummary(fields)}` });
  const ruler = h('div', { class: 'wsi-bits-ruler', 'aria-hidden': 'true' });
  for (let bit = 0; bit < ROW_BITS; bit++) ruler.append(h('span', { class: bit % 8 === 0 ? 'wsi-byte-start' : null }, bit % 10));
  grid.append(ruler);
  for (const [index, row] of layoutRows(fields).entries()) {
    const labels = h('div', { class: 'wsi-bits-row wsi-bits-labels' });
    const bits = h('div', { class: 'wsi-bits-row wsi-bits-values' });
    for (const segment of row) {
      const column = `${segment.start + 1} / span ${segment.width}`;
      labels.append(
        h(
          'span',
          { class: `wsi-field wsi-field-${segment.field}`, 'data-width': segment.width, style: `grid-column: ${column}` },
          segment.continued ? `${segment.label} (계속)` : segment.label,
        ),
      );
      for (const [offset, bit] of [...segment.bits].entries()) {
        bits.append(h('span', { class: `wsi-bit wsi-field-${segment.field}${offset === 0 ? ' wsi-field-start' : ''}`, style: `grid-column: ${segment.start + offset + 1}` }, bit));
      }
    }
    grid.append(h('div', { class: 'wsi-bits-word', 'data-row': index }, labels, bits));
  }
  return grid;
}

function fieldTable(fields: readonly FrameField[]): HTMLElement {
  return h(
    'div',
    { class: 'wsi-scroll' },
    h(
      'table',
      { class: 'wsi-table wsi-fields' },
      h('caption', null, '헤더 필드와 뜻'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, '필드'), h('th', { scope: 'col' }, '비트'), h('th', { scope: 'col' }, '값'), h('th', { scope: 'col' }, '뜻'))),
      h(
        'tbody',
        null,
        ...fields.map((field) =>
          h(
            'tr',
            null,
            h('th', { scope: 'row', class: `wsi-field-${field.id}` }, field.label),
            h('td', { class: 'wsi-mono wsi-field-bits' }, field.width <= 32 ? groupBits(field.bits) : `${field.width}비트`),
            h('td', null, field.value),
            h('td', { class: 'wsi-description' }, field.description),
          ),
        ),
      ),
    ),
  );
}

/** §5.3: payload byte i XOR key byte (i mod 4) = the original byte. */
function xorTable(frame: DecodedFrame): HTMLElement | null {
  const key = frame.maskingKey;
  if (key === null || frame.rawPayload.length === 0) return null;
  const count = Math.min(XOR_ROWS, frame.rawPayload.length);
  const rows = [];
  for (let i = 0; i < count; i++) {
    const masked = frame.rawPayload[i] ?? 0;
    const keyByte = key[i % 4] ?? 0;
    const plain = frame.payload[i] ?? 0;
    rows.push(
      h(
        'tr',
        null,
        h('th', { scope: 'row' }, i),
        h('td', { class: 'wsi-mono' }, hex2(masked), h('span', { class: 'wsi-bin' }, ` ${bin8(masked)}`)),
        h('td', { class: 'wsi-mono' }, `key[${i % 4}] = ${hex2(keyByte)}`, h('span', { class: 'wsi-bin' }, ` ${bin8(keyByte)}`)),
        h('td', { class: 'wsi-mono' }, hex2(plain), h('span', { class: 'wsi-bin' }, ` ${bin8(plain)}`)),
        h('td', { class: 'wsi-mono' }, printable(plain)),
      ),
    );
  }
  const more = frame.payloadLength - count;
  return h(
    'section',
    { class: 'wsi-xor', 'aria-label': '마스킹 풀기' },
    h('h4', null, '마스킹 풀기 (RFC 6455 §5.3)'),
    h('p', null, `클라이언트는 페이로드의 i번째 바이트를 마스킹 키의 (i mod 4)번째 바이트와 XOR해서 보냅니다. 같은 XOR을 한 번 더 하면 원래 바이트가 나옵니다. 처음 ${count}바이트${more > 0 ? `(나머지 ${formatBytes(more)} 생략)` : ''}:`),
    h(
      'div',
      { class: 'wsi-scroll' },
      h(
        'table',
        { class: 'wsi-table wsi-xor-table' },
        h('caption', null, '마스킹된 바이트 XOR 키 바이트 = 원래 바이트'),
        h('thead', null, h('tr', null, ...['i', '마스킹된 바이트', 'XOR 키 바이트', '= 원래 바이트', '문자'].map((name) => h('th', { scope: 'col' }, name)))),
        h('tbody', null, ...rows),
      ),
    ),
  );
}

function hexDump(bytes: Uint8Array, total: number): HTMLElement {
  const lines: string[] = [];
  const shown = Math.min(bytes.length, HEX_BYTES);
  for (let at = 0; at < shown; at += 16) {
    const slice = bytes.subarray(at, Math.min(at + 16, shown));
    lines.push(`${at.toString(16).padStart(6, '0')}  ${Array.from(slice, hex2).join(' ').padEnd(47)}  ${Array.from(slice, printable).join('')}`);
  }
  if (total > shown) lines.push(`… 나머지 ${formatBytes(total - shown)}`);
  return h('pre', { class: 'wsi-hex', tabindex: 0, 'aria-label': '페이로드 16진수' }, lines.join('\n'));
}

function payloadSection(selection: FrameSelection): HTMLElement {
  const { frame, message } = selection;
  const section = h('section', { class: 'wsi-payload', 'aria-label': '페이로드' }, h('h4', null, `페이로드 ${formatBytes(frame.payloadLength)}`));
  if (frame.payloadLength === 0) {
    section.append(h('p', { class: 'wsi-muted' }, '페이로드가 없습니다.'));
    return section;
  }
  section.append(h('p', { class: 'wsi-label' }, frame.masked ? '마스킹을 푼 바이트 (16진수)' : '바이트 (16진수)'), hexDump(frame.payload, frame.payloadLength));
  if (frame.compressed) {
    if (message !== undefined && message.inflated) {
      const text = message.text !== null ? message.text.value : null;
      section.append(
        h('p', { class: 'wsi-label' }, `위 바이트는 DEFLATE로 압축된 데이터입니다(RFC 7692). 메시지를 풀면 ${formatBytes(message.data.length)}:`),
        text !== null ? h('pre', { class: 'wsi-text' }, text) : hexDump(message.data, message.data.length),
      );
    } else section.append(h('p', { class: 'wsi-muted' }, '압축된 메시지의 조각입니다. 메시지의 마지막 프레임에서 푼 내용을 볼 수 있습니다.'));
    return section;
  }
  const text = frame.text !== null ? frame.text.value : frame.opcodeName === 'close' ? null : decodeUtf8(frame.payload).valid ? decodeUtf8(frame.payload).value : null;
  if (text !== null) section.append(h('p', { class: 'wsi-label' }, frame.text !== null ? '텍스트 (UTF-8)' : 'UTF-8로 읽으면'), h('pre', { class: 'wsi-text' }, text));
  if (frame.elided > 0) section.append(h('p', { class: 'wsi-muted' }, elidedFrameNote(frame)));
  else if (frame.truncated) section.append(h('p', { class: 'wsi-muted' }, `검사기는 프레임마다 처음 ${formatBytes(frame.payload.length)}만 보관합니다.`));
  return section;
}

function closeSection(frame: DecodedFrame): HTMLElement | null {
  const close = frame.close;
  if (close === null) return null;
  const body =
    close.code === null
      ? [h('p', null, '상태 코드가 없는 닫기 프레임입니다. 받은 쪽 애플리케이션은 1005(No Status Received)를 보게 됩니다.')]
      : [
          h(
            'dl',
            { class: 'wsi-facts' },
            h('dt', null, '코드'),
            h('dd', null, `${close.code}`, CLOSE_CODES[close.code] === undefined ? '' : ` ${CLOSE_CODES[close.code]?.name ?? ''}`, close.codeValid === false ? ' (보낼 수 없는 코드)' : ''),
            h('dt', null, '뜻'),
            h('dd', null, describeCloseCode(close.code)),
            h('dt', null, '이유'),
            h('dd', null, close.reason === '' ? h('span', { class: 'wsi-muted' }, '(없음)') : close.reason),
          ),
        ];
  return h('section', { class: 'wsi-close', 'aria-label': '닫기' }, h('h4', null, '닫기 코드와 이유 (RFC 6455 §5.5.1, §7.4)'), ...body);
}

function problemsSection(frame: DecodedFrame): HTMLElement | null {
  if (frame.problems.length === 0) return null;
  return h(
    'section',
    { class: 'wsi-problems', 'aria-label': '문제' },
    h('h4', null, '⚠ 규칙 위반'),
    h(
      'ul',
      null,
      ...frame.problems.map((problem) =>
        h(
          'li',
          null,
          h('code', null, problem.code),
          problem.closeCode === null ? '' : h('span', { class: 'wsi-close-code' }, ` 닫힘 코드 ${problem.closeCode}`),
          `: ${problem.message}`,
        ),
      ),
    ),
  );
}

export class WsiFrameDetail extends HTMLElement {
  /** Shows a frame, or a hint when none is selected. */
  show(selection: FrameSelection | null): void {
    if (selection === null) {
      this.replaceChildren(h('p', { class: 'wsi-note' }, '목록에서 프레임을 고르면(클릭하거나 ↑·↓ 키) 비트 단위로 풀어 보여 줍니다.'));
      return;
    }
    const { number, frame, direction, time } = selection;
    const fields = frameFields(frame);
    this.replaceChildren(
      h('h3', { class: 'wsi-detail-title' }, `프레임 #${number} · ${DIRECTION_LABELS[direction]} · ${frameKindLabel(frame)} · ${formatMs(time)}`),
      problemsSection(frame) ?? '',
      h(
        'figure',
        { class: 'wsi-figure' },
        h('div', { class: 'wsi-scroll' }, bitDiagram(fields)),
        h('figcaption', null, `RFC 6455 §5.2의 그림처럼 한 줄에 32비트씩 그렸습니다. 헤더 ${formatBytes(frame.headerLength)}${frame.payloadLength > 0 ? ' 뒤에 페이로드의 앞부분이 이어집니다' : ''}.`),
      ),
      fieldTable(fields),
      xorTable(frame) ?? '',
      closeSection(frame) ?? '',
      payloadSection(selection),
    );
  }
}

if (!customElements.get('wsi-frame-detail')) customElements.define('wsi-frame-detail', WsiFrameDetail);
