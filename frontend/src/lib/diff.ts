// Word diff (jsdiff) between two texts, for suggestions, conflicts and versions.
import { diffArrays, diffWordsWithSpace } from "diff";

export interface DiffPart {
  kind: "same" | "added" | "removed";
  text: string;
}

export function wordDiff(before: string, after: string): DiffPart[] {
  return diffWordsWithSpace(before, after).map((change) => ({
    kind: change.added ? "added" : change.removed ? "removed" : "same",
    text: change.value,
  }));
}

/** Words with their trailing whitespace (as the API's version diff tokenizes): joined, the text again. */
function wholeWords(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/** A word diff where a word is everything between spaces ("R$ 1.234,56" changes as "1.234,56", not as
 * "1", ".", "234"…): for short values such as an ETP's facts; the same tokens as the API's diff. */
export function wholeWordDiff(before: string, after: string): DiffPart[] {
  const parts: DiffPart[] = [];
  for (const change of diffArrays(wholeWords(before), wholeWords(after))) {
    const kind: DiffPart["kind"] = change.added ? "added" : change.removed ? "removed" : "same";
    const text = change.value.join("");
    const last = parts[parts.length - 1];
    if (last && last.kind === kind) last.text += text;
    else if (text) parts.push({ kind, text });
  }
  return parts;
}

export function diffStats(parts: DiffPart[]): { added: number; removed: number } {
  const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
  let added = 0;
  let removed = 0;
  for (const part of parts) {
    if (part.kind === "added") added += words(part.text);
    if (part.kind === "removed") removed += words(part.text);
  }
  return { added, removed };
}
