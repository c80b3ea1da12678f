// Word diff (jsdiff) between two texts, for suggestions, conflicts and versions.
import { diffWordsWithSpace } from "diff";
export function wordDiff(before, after) {
    return diffWordsWithSpace(before, after).map((change) => ({
        kind: change.added ? "added" : change.removed ? "removed" : "same",
        text: change.value,
    }));
}
export function diffStats(parts) {
    const words = (text) => text.split(/\s+/).filter(Boolean).length;
    let added = 0;
    let removed = 0;
    for (const part of parts) {
        if (part.kind === "added")
            added += words(part.text);
        if (part.kind === "removed")
            removed += words(part.text);
    }
    return { added, removed };
}
