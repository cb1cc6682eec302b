import type { CodeEditor, EditorOptions } from './code-editor.ts';
import { numberLines } from './line-numbers.ts';

/** A textarea editor, and its fields (light-editor.ts reads the caret and scroll there). */
export interface TextareaEditor extends CodeEditor {
  /** The field of the file shown now. */
  shown(): HTMLTextAreaElement | undefined;
}

/**
 * The editor for touch devices and narrow screens: a textarea per file, with Ctrl/Cmd+Enter to
 * run and Tab inserting two spaces (Escape, then Tab, leaves the field). On desktops it is also
 * what the learner types into while Monaco's code is still on its way (light-editor.ts).
 */
export function createTextareaEditor(host: HTMLElement, options: EditorOptions): TextareaEditor {
  const areas = new Map<string, HTMLTextAreaElement>();
  let escaped = false;
  let active = options.active;
  const current = () => areas.get(active);
  // The line numbers beside the field shown, as in the code block and in Monaco (line-numbers.ts).
  const gutter = document.createElement('div');
  gutter.className = 'pg-lines';
  gutter.setAttribute('aria-hidden', 'true');
  // A press on a line number puts the caret in the field, as in Monaco (the gutter is not the field).
  gutter.addEventListener('mousedown', (event) => {
    event.preventDefault();
    current()?.focus();
  });
  host.classList.add('pg-textarea-host');
  host.append(gutter);
  const renumber = (area: HTMLTextAreaElement) => {
    if (area.hidden) return;
    numberLines(gutter, host, area.value);
    gutter.scrollTop = area.scrollTop;
  };
  for (const [filename, content] of Object.entries(options.files)) {
    const area = document.createElement('textarea');
    area.className = 'pg-textarea';
    area.value = content;
    area.spellcheck = false;
    area.autocapitalize = 'off';
    area.setAttribute('autocomplete', 'off');
    area.setAttribute('aria-label', options.label(filename));
    area.rows = Math.min(Math.max(content.split('\n').length + 1, 6), 24);
    area.hidden = filename !== options.active;
    area.addEventListener('input', () => {
      renumber(area);
      options.onChange(filename, area.value);
    });
    area.addEventListener('scroll', () => (gutter.scrollTop = area.scrollTop));
    area.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        options.onRun();
      } else if (event.key === 'Escape') {
        escaped = true;
      } else if (event.key === 'Tab' && !escaped && !event.shiftKey) {
        event.preventDefault();
        area.setRangeText('  ', area.selectionStart, area.selectionEnd, 'end');
        renumber(area);
        options.onChange(filename, area.value);
      } else {
        escaped = false;
      }
    });
    areas.set(filename, area);
    host.append(area);
  }
  const shown = current();
  if (shown) renumber(shown);
  return {
    show(filename) {
      for (const [name, area] of areas) area.hidden = name !== filename;
      active = filename;
      const area = current();
      if (area) renumber(area);
    },
    getValue: (filename) => areas.get(filename)?.value ?? '',
    setValue(filename, value) {
      const area = areas.get(filename);
      if (!area) return;
      area.value = value;
      renumber(area);
    },
    focus: () => current()?.focus(),
    shown: current,
    markError(filename, line, message) {
      const area = areas.get(filename);
      if (!area) return;
      area.setAttribute('aria-invalid', 'true');
      area.title = `${line}번째 줄: ${message}`;
    },
    clearErrors() {
      for (const area of areas.values()) {
        area.removeAttribute('aria-invalid');
        area.removeAttribute('title');
      }
    },
    dispose() {
      for (const area of areas.values()) area.remove();
      gutter.remove();
      host.classList.remove('pg-textarea-host');
      host.style.removeProperty('--pg-digits');
    },
  };
}
