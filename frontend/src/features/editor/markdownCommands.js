// The toolbar's Markdown edits as pure functions: each turns (text, selection) into one replacement of
// a range plus the selection to leave, so the editor can apply it as a single undoable insertion.
function lineRange(value, start, end) {
    const from = value.lastIndexOf("\n", start - 1) + 1;
    // a selection ending right after a newline does not include the next line
    const last = end > start && value[end - 1] === "\n" ? end - 1 : end;
    const next = value.indexOf("\n", last);
    return { from, to: next === -1 ? value.length : next };
}
const HEADING_PREFIX = /^\s{0,3}#{1,6}\s+/;
const LIST_PREFIX = /^\s*(?:[-*+]|\d+[.)])\s+/;
function prefixLines(sel, prefixFor, strip, placeholder) {
    const { from, to } = lineRange(sel.value, sel.start, sel.end);
    const lines = sel.value.slice(from, to).split("\n");
    if (lines.length === 1 && !lines[0]?.trim()) {
        const prefix = prefixFor(0);
        const text = `${prefix}${placeholder}`;
        return { from, to, text, selectStart: from + prefix.length, selectEnd: from + text.length };
    }
    let index = 0;
    const text = lines
        .map((line) => {
        if (!line.trim())
            return line;
        const prefixed = `${prefixFor(index)}${line.replace(strip, "")}`;
        index += 1;
        return prefixed;
    })
        .join("\n");
    return { from, to, text, selectStart: from + text.length, selectEnd: from + text.length };
}
function wrap(sel, marker, placeholder) {
    const selected = sel.value.slice(sel.start, sel.end);
    // keep the spaces a double-click selects outside the markers
    const lead = /^\s*/.exec(selected)?.[0] ?? "";
    const trail = /\s*$/.exec(selected)?.[0] ?? "";
    const inner = selected.trim() || placeholder;
    const text = `${lead}${marker}${inner}${marker}${selected.trim() ? trail : ""}`;
    const innerStart = sel.start + lead.length + marker.length;
    return { from: sel.start, to: sel.end, text, selectStart: innerStart, selectEnd: innerStart + inner.length };
}
/** Blank lines around a block so Markdown reads it as its own paragraph. */
function blockAround(value, at) {
    const prefix = value.slice(0, at);
    const suffix = value.slice(at);
    const before = prefix === "" || prefix.endsWith("\n\n") ? "" : prefix.endsWith("\n") ? "\n" : "\n\n";
    const after = suffix === "" ? "\n" : suffix.startsWith("\n\n") ? "" : suffix.startsWith("\n") ? "\n" : "\n\n";
    return { before, after };
}
export const TABLE_SKELETON = [
    "| Coluna 1 | Coluna 2 | Coluna 3 |",
    "| --- | --- | --- |",
    "|  |  |  |",
    "|  |  |  |",
    "|  |  |  |",
].join("\n");
function table(sel) {
    const { before, after } = blockAround(sel.value, sel.end);
    const text = `${before}${TABLE_SKELETON}${after}`;
    const headerStart = sel.end + before.length + 2; // after "| "
    return { from: sel.end, to: sel.end, text, selectStart: headerStart, selectEnd: headerStart + "Coluna 1".length };
}
function link(sel) {
    const label = sel.value.slice(sel.start, sel.end).trim() || "texto do link";
    const url = "https://";
    const text = `[${label}](${url})`;
    const urlStart = sel.start + label.length + 3;
    return { from: sel.start, to: sel.end, text, selectStart: urlStart, selectEnd: urlStart + url.length };
}
export function commandEdit(name, sel) {
    switch (name) {
        case "heading":
            return prefixLines(sel, () => "## ", HEADING_PREFIX, "Título");
        case "subheading":
            return prefixLines(sel, () => "### ", HEADING_PREFIX, "Subtítulo");
        case "bold":
            return wrap(sel, "**", "texto em negrito");
        case "italic":
            return wrap(sel, "_", "texto em itálico");
        case "bulletList":
            return prefixLines(sel, () => "- ", LIST_PREFIX, "item");
        case "numberedList":
            return prefixLines(sel, (index) => `${index + 1}. `, LIST_PREFIX, "item");
        case "table":
            return table(sel);
        case "link":
            return link(sel);
    }
}
/** The text after an edit (for tests and for the fallback when the browser cannot insert). */
export function applyEdit(value, edit) {
    return value.slice(0, edit.from) + edit.text + value.slice(edit.to);
}
