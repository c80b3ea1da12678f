import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
// The section's text editor: a plain <textarea> (uncontrolled: typing never re-renders the page) with
// a toolbar that writes the Markdown for the person, Ctrl+B / Ctrl+I, and a "Visualizar" toggle that
// renders the text (deferred, only while open). The stored text stays the API's Markdown.
import { useDeferredValue, useEffect, useImperativeHandle, useMemo, useRef, useState } from "react";
import { Icon } from "../../components/Icon";
import { renderMarkdown } from "../../lib/markdown";
import { markExcerpts } from "./highlight";
import { commandEdit } from "./markdownCommands";
const BUTTONS = [
    { command: "heading", label: "Título", icon: "heading" },
    { command: "subheading", label: "Subtítulo", icon: "heading" },
    { command: "bold", label: "Negrito", icon: "bold", shortcut: "Control+B" },
    { command: "italic", label: "Itálico", icon: "italic", shortcut: "Control+I" },
    { command: "bulletList", label: "Lista com marcadores", icon: "list-ul" },
    { command: "numberedList", label: "Lista numerada", icon: "list-ol" },
    { command: "table", label: "Tabela", icon: "table" },
    { command: "link", label: "Link", icon: "link" },
];
function Preview({ source, highlights }) {
    const deferred = useDeferredValue(source);
    const html = useMemo(() => renderMarkdown(deferred), [deferred]);
    const ref = useRef(null);
    useEffect(() => {
        if (ref.current)
            markExcerpts(ref.current, highlights);
    }, [html, highlights]);
    return (_jsxs("section", { className: "etp-editor__preview", "aria-labelledby": "etp-preview-title", children: [_jsx("h2", { id: "etp-preview-title", className: "etp-editor__preview-title", children: "Visualiza\u00E7\u00E3o" }), deferred.trim() ? (_jsx("div", { ref: ref, className: "etp-markdown", dangerouslySetInnerHTML: { __html: html } })) : (_jsx("p", { className: "etp-hint", children: "A se\u00E7\u00E3o ainda n\u00E3o tem texto." }))] }));
}
export function MarkdownEditor({ id, defaultValue, onInput, onBlur, highlights = [], describedBy, label = "Texto da seção", ref }) {
    const textarea = useRef(null);
    const [preview, setPreview] = useState(false);
    const previewOpen = useRef(false);
    previewOpen.current = preview;
    const [previewText, setPreviewText] = useState(defaultValue);
    const [active, setActive] = useState(0);
    const buttons = useRef([]);
    const changed = (value) => {
        if (previewOpen.current)
            setPreviewText(value);
        onInput(value);
    };
    useImperativeHandle(ref, () => ({
        setValue(value) {
            if (textarea.current)
                textarea.current.value = value;
            setPreviewText(value);
        },
        getValue: () => textarea.current?.value ?? "",
        focus: () => textarea.current?.focus(),
        selectText(text) {
            const element = textarea.current;
            const needle = text.trim();
            if (!element || !needle)
                return false;
            const at = element.value.indexOf(needle);
            if (at === -1)
                return false;
            element.focus();
            element.setSelectionRange(at, at + needle.length);
            // bring the selection into view: place the caret's line near the top
            const lines = element.value.slice(0, at).split("\n").length;
            const lineHeight = parseFloat(getComputedStyle(element).lineHeight) || 24;
            element.scrollTop = Math.max(0, (lines - 3) * lineHeight);
            return true;
        },
    }));
    const run = (command) => {
        const element = textarea.current;
        if (!element)
            return;
        const edit = commandEdit(command, { value: element.value, start: element.selectionStart, end: element.selectionEnd });
        element.focus();
        element.setSelectionRange(edit.from, edit.to);
        const before = element.value;
        // execCommand keeps the browser's undo history (Ctrl+Z); it fires `input` itself
        let inserted = false;
        try {
            inserted = typeof document.execCommand === "function" && document.execCommand("insertText", false, edit.text);
        }
        catch {
            inserted = false;
        }
        if (!inserted || element.value === before) {
            element.setRangeText(edit.text, edit.from, edit.to, "end");
            changed(element.value);
        }
        element.setSelectionRange(edit.selectStart, edit.selectEnd);
    };
    const onKeyDown = (event) => {
        if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey)
            return;
        const key = event.key.toLowerCase();
        if (key === "b" || key === "i") {
            event.preventDefault();
            run(key === "b" ? "bold" : "italic");
        }
    };
    const onToolbarKeyDown = (event) => {
        const last = BUTTONS.length - 1;
        let next = null;
        if (event.key === "ArrowRight")
            next = active === last ? 0 : active + 1;
        else if (event.key === "ArrowLeft")
            next = active === 0 ? last : active - 1;
        else if (event.key === "Home")
            next = 0;
        else if (event.key === "End")
            next = last;
        if (next === null)
            return;
        event.preventDefault();
        setActive(next);
        buttons.current[next]?.focus();
    };
    const togglePreview = () => {
        if (!preview)
            setPreviewText(textarea.current?.value ?? "");
        setPreview(!preview);
    };
    return (_jsxs("div", { className: "etp-editor", children: [_jsx("label", { htmlFor: id, className: "etp-editor__label", children: label }), _jsxs("div", { className: "etp-editor__bar", children: [_jsx("div", { role: "toolbar", "aria-label": "Formata\u00E7\u00E3o", "aria-controls": id, className: "etp-editor__toolbar", onKeyDown: onToolbarKeyDown, children: BUTTONS.map((button, index) => (_jsxs("button", { ref: (element) => {
                                buttons.current[index] = element;
                            }, type: "button", className: `br-button secondary small etp-editor__tool etp-editor__tool--${button.command}`, "aria-label": button.label, "aria-keyshortcuts": button.shortcut, title: button.shortcut ? `${button.label} (${button.shortcut.replace("Control", "Ctrl")})` : button.label, tabIndex: index === active ? 0 : -1, onMouseDown: (event) => event.preventDefault(), onFocus: () => setActive(index), onClick: () => run(button.command), children: [_jsx(Icon, { name: button.icon }), _jsx("span", { className: "etp-editor__tool-text", "aria-hidden": "true", children: button.label })] }, button.command))) }), _jsxs("button", { type: "button", className: "br-button secondary small", "aria-pressed": preview, onClick: togglePreview, children: [_jsx(Icon, { name: "eye" }), " ", _jsx("span", { children: "Visualizar" })] })] }), _jsx("textarea", { ref: textarea, id: id, className: "etp-editor__textarea", defaultValue: defaultValue, spellCheck: true, lang: "pt-BR", "aria-describedby": describedBy, onInput: (event) => changed(event.currentTarget.value), onKeyDown: onKeyDown, onBlur: onBlur }), preview ? _jsx(Preview, { source: previewText, highlights: highlights }) : null] }));
}
