// Quality excerpts shown in the text: in the rendered preview the first occurrence of each excerpt is
// wrapped in <mark> on the DOM's text nodes (never by building HTML strings); in the quality panel the
// sentence around the excerpt is shown with the excerpt marked.
const MARK_ATTR = "data-trecho";
function unmark(root) {
    for (const mark of Array.from(root.querySelectorAll(`mark[${MARK_ATTR}]`))) {
        const parent = mark.parentNode;
        if (!parent)
            continue;
        while (mark.firstChild)
            parent.insertBefore(mark.firstChild, mark);
        parent.removeChild(mark);
        parent.normalize();
    }
}
/** Wraps the first occurrence of each excerpt (within one text node) in <mark>; returns how many were marked. */
export function markExcerpts(root, excerpts) {
    unmark(root);
    let marked = 0;
    const doc = root.ownerDocument;
    for (const raw of excerpts) {
        const excerpt = raw.trim();
        if (!excerpt)
            continue;
        const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (node.parentElement?.closest(`mark[${MARK_ATTR}]`))
                continue;
            const at = node.data.indexOf(excerpt);
            if (at === -1)
                continue;
            const middle = node.splitText(at);
            middle.splitText(excerpt.length);
            const mark = doc.createElement("mark");
            mark.setAttribute(MARK_ATTR, "");
            middle.parentNode?.replaceChild(mark, middle);
            mark.appendChild(middle);
            marked += 1;
            break;
        }
    }
    return marked;
}
const CONTEXT_CHARS = 80;
/** The sentence around the excerpt's first occurrence in the text, or null when the text lacks it. */
export function excerptContext(text, excerpt) {
    const needle = (excerpt ?? "").trim();
    if (!needle)
        return null;
    const at = text.indexOf(needle);
    if (at === -1)
        return null;
    const end = at + needle.length;
    let start = Math.max(0, at - CONTEXT_CHARS);
    const boundary = Math.max(text.lastIndexOf(". ", at), text.lastIndexOf("\n", at));
    if (boundary >= start)
        start = boundary + 1;
    let stop = Math.min(text.length, end + CONTEXT_CHARS);
    const nextBoundary = text.slice(end).search(/[.!?](\s|$)|\n/);
    if (nextBoundary !== -1 && end + nextBoundary + 1 <= stop)
        stop = end + nextBoundary + 1;
    const cutBefore = start > 0 && !/[.!?\n]\s*$/.test(text.slice(0, start));
    const cutAfter = stop < text.length && !/[.!?\n]$/.test(text.slice(end, stop).trimEnd());
    return {
        before: (cutBefore ? "…" : "") + text.slice(start, at).trimStart(),
        match: needle,
        after: text.slice(end, stop).trimEnd() + (cutAfter ? "…" : ""),
    };
}
