// The section's text editor: a plain <textarea> (uncontrolled: typing never re-renders the page) with
// a toolbar that writes the Markdown for the person, Ctrl+B / Ctrl+I, and a "Visualizar" toggle that
// renders the text (deferred, only while open). The stored text stays the API's Markdown.
import { useDeferredValue, useEffect, useImperativeHandle, useMemo, useRef, useState, type KeyboardEvent, type Ref } from "react";

import { Icon, type IconName } from "../../components/Icon";
import { renderMarkdown } from "../../lib/markdown";
import { markExcerpts } from "./highlight";
import { commandEdit, type CommandName } from "./markdownCommands";

export interface MarkdownEditorHandle {
  /** Replaces the text (restore, accepted suggestion, conflict resolution) without marking it typed. */
  setValue: (value: string) => void;
  getValue: () => string;
  focus: () => void;
  /** Selects the first occurrence of `text` in the editor and scrolls to it; false when absent. */
  selectText: (text: string) => boolean;
}

interface Props {
  id: string;
  defaultValue: string;
  /** Every change of the text (typed or by the toolbar). */
  onInput: (value: string) => void;
  onBlur?: () => void;
  /** Excerpts to mark in the preview (the quality findings). */
  highlights?: readonly string[];
  describedBy?: string;
  label?: string;
  ref?: Ref<MarkdownEditorHandle>;
}

const BUTTONS: { command: CommandName; label: string; icon: IconName; shortcut?: string }[] = [
  { command: "heading", label: "Título", icon: "heading" },
  { command: "subheading", label: "Subtítulo", icon: "heading" },
  { command: "bold", label: "Negrito", icon: "bold", shortcut: "Control+B" },
  { command: "italic", label: "Itálico", icon: "italic", shortcut: "Control+I" },
  { command: "bulletList", label: "Lista com marcadores", icon: "list-ul" },
  { command: "numberedList", label: "Lista numerada", icon: "list-ol" },
  { command: "table", label: "Tabela", icon: "table" },
  { command: "link", label: "Link", icon: "link" },
];

function Preview({ source, highlights }: { source: string; highlights: readonly string[] }) {
  const deferred = useDeferredValue(source);
  const html = useMemo(() => renderMarkdown(deferred), [deferred]);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (ref.current) markExcerpts(ref.current, highlights);
  }, [html, highlights]);
  return (
    <section className="etp-editor__preview" aria-labelledby="etp-preview-title">
      <h2 id="etp-preview-title" className="etp-editor__preview-title">Visualização</h2>
      {deferred.trim() ? (
        <div ref={ref} className="etp-markdown" dangerouslySetInnerHTML={{ __html: html }} />
      ) : (
        <p className="etp-hint">A seção ainda não tem texto.</p>
      )}
    </section>
  );
}

export function MarkdownEditor({ id, defaultValue, onInput, onBlur, highlights = [], describedBy, label = "Texto da seção", ref }: Props) {
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [preview, setPreview] = useState(false);
  const previewOpen = useRef(false);
  previewOpen.current = preview;
  const [previewText, setPreviewText] = useState(defaultValue);
  const [active, setActive] = useState(0);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  const changed = (value: string) => {
    if (previewOpen.current) setPreviewText(value);
    onInput(value);
  };

  useImperativeHandle(ref, () => ({
    setValue(value: string) {
      if (textarea.current) textarea.current.value = value;
      setPreviewText(value);
    },
    getValue: () => textarea.current?.value ?? "",
    focus: () => textarea.current?.focus(),
    selectText(text: string) {
      const element = textarea.current;
      const needle = text.trim();
      if (!element || !needle) return false;
      const at = element.value.indexOf(needle);
      if (at === -1) return false;
      element.focus();
      element.setSelectionRange(at, at + needle.length);
      // bring the selection into view: place the caret's line near the top
      const lines = element.value.slice(0, at).split("\n").length;
      const lineHeight = parseFloat(getComputedStyle(element).lineHeight) || 24;
      element.scrollTop = Math.max(0, (lines - 3) * lineHeight);
      return true;
    },
  }));

  const run = (command: CommandName) => {
    const element = textarea.current;
    if (!element) return;
    const edit = commandEdit(command, { value: element.value, start: element.selectionStart, end: element.selectionEnd });
    element.focus();
    element.setSelectionRange(edit.from, edit.to);
    const before = element.value;
    // execCommand keeps the browser's undo history (Ctrl+Z); it fires `input` itself
    let inserted = false;
    try {
      inserted = typeof document.execCommand === "function" && document.execCommand("insertText", false, edit.text);
    } catch {
      inserted = false;
    }
    if (!inserted || element.value === before) {
      element.setRangeText(edit.text, edit.from, edit.to, "end");
      changed(element.value);
    }
    element.setSelectionRange(edit.selectStart, edit.selectEnd);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
    const key = event.key.toLowerCase();
    if (key === "b" || key === "i") {
      event.preventDefault();
      run(key === "b" ? "bold" : "italic");
    }
  };

  const onToolbarKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const last = BUTTONS.length - 1;
    let next: number | null = null;
    if (event.key === "ArrowRight") next = active === last ? 0 : active + 1;
    else if (event.key === "ArrowLeft") next = active === 0 ? last : active - 1;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = last;
    if (next === null) return;
    event.preventDefault();
    setActive(next);
    buttons.current[next]?.focus();
  };

  const togglePreview = () => {
    if (!preview) setPreviewText(textarea.current?.value ?? "");
    setPreview(!preview);
  };

  return (
    <div className="etp-editor">
      <label htmlFor={id} className="etp-editor__label">{label}</label>
      <div className="etp-editor__bar">
        <div role="toolbar" aria-label="Formatação" aria-controls={id} className="etp-editor__toolbar" onKeyDown={onToolbarKeyDown}>
          {BUTTONS.map((button, index) => (
            <button
              key={button.command}
              ref={(element) => {
                buttons.current[index] = element;
              }}
              type="button"
              className={`br-button secondary small etp-editor__tool etp-editor__tool--${button.command}`}
              aria-label={button.label}
              aria-keyshortcuts={button.shortcut}
              title={button.shortcut ? `${button.label} (${button.shortcut.replace("Control", "Ctrl")})` : button.label}
              tabIndex={index === active ? 0 : -1}
              onMouseDown={(event) => event.preventDefault()}
              onFocus={() => setActive(index)}
              onClick={() => run(button.command)}
            >
              <Icon name={button.icon} />
              <span className="etp-editor__tool-text" aria-hidden="true">{button.label}</span>
            </button>
          ))}
        </div>
        <button type="button" className="br-button secondary small" aria-pressed={preview} onClick={togglePreview}>
          <Icon name="eye" /> <span>Visualizar</span>
        </button>
      </div>
      <textarea
        ref={textarea}
        id={id}
        className="etp-editor__textarea"
        defaultValue={defaultValue}
        spellCheck
        lang="pt-BR"
        aria-describedby={describedBy}
        onInput={(event) => changed(event.currentTarget.value)}
        onKeyDown={onKeyDown}
        onBlur={onBlur}
      />
      {preview ? <Preview source={previewText} highlights={highlights} /> : null}
    </div>
  );
}
