import type { CaptureUpdate } from '../../protocol/capture.ts';
import { playgroundTag } from '../../protocol/page-tag.ts';
import type { CaptureStore } from '../inspector/capture-store.ts';
import type { ControlClient } from './control-client.ts';

/**
 * One playground's capture and its inspector. The server holds what the tap recorded of this
 * playground's runs (capture-hub.ts: the capture path's one hold, under one limit) until the 검사기
 * button first opens the inspector and the network panel; then it asks for them (watchCapture) and
 * the page's capture router hands it the updates of its own connections, shown there live.
 */
export class PlaygroundCapture {
  /** Names this playground inside the page's capture tag ("<page tag>.<name>"). */
  readonly name = crypto.randomUUID().slice(0, 8);
  readonly #root: HTMLElement;
  readonly #control: () => Promise<ControlClient | undefined>;
  #store: CaptureStore | undefined;

  /** `control` connects the page's control channel (or resolves undefined when it cannot). */
  constructor(root: HTMLElement, control: () => Promise<ControlClient | undefined>) {
    this.#root = root;
    this.#control = control;
  }

  /** The tag that makes the tap record a run's connections as this playground's; null before the control channel is connected. */
  tag(control: ControlClient | undefined): string | null {
    return control?.captureTag ? playgroundTag(control.captureTag, this.name) : null;
  }

  /**
   * An update of one of this playground's connections (from the capture router). They come only once
   * this playground asked for them, just before its store is made, so none arrives without a store.
   */
  receive(update: CaptureUpdate): void {
    this.#store?.apply(update);
  }

  /** Opens or closes the inspector (loaded the first time it opens). */
  async toggleInspector(): Promise<void> {
    const button = this.#root.querySelector<HTMLButtonElement>('[data-action="inspect"]');
    const panel = this.#root.querySelector<HTMLElement>('.pg-inspector');
    if (!button || !panel) return;
    const open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    panel.hidden = !open;
    if (!open || this.#store) return;
    const [{ CaptureStore }, , { createNetworkPanel }, control] = await Promise.all([
      import('../inspector/capture-store.ts'),
      import('../inspector/ws-inspector.ts'),
      import('./network-panel.ts'),
      this.#control(),
    ]);
    if (control) {
      control.watchCapture(this.name);
      panel.append(
        createNetworkPanel(
          control,
          () => this.name,
          () => this.tag(control),
        ),
      );
    }
    const store = new CaptureStore();
    this.#store = store;
    const inspector = document.createElement('ws-inspector') as HTMLElement & { store: CaptureStore };
    inspector.dataset['emptyText'] = '▶ 실행을 누르면 이 예제가 주고받은 핸드셰이크와 프레임이 여기에 기록됩니다.';
    inspector.store = store;
    panel.append(inspector);
  }
}
