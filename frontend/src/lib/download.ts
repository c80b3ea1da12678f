// Files the API sends (exports, the audit CSV, "meus dados"): the token is in memory, not a cookie, so
// a plain link cannot fetch them; the app fetches the bytes and hands the browser a Blob to save.

/** The file name of a Content-Disposition header (RFC 6266: the exact UTF-8 `filename*` first), with
 *  path separators neutralized; null without one. */
export function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
  if (extended?.[1]) {
    try {
      return safe(decodeURIComponent(extended[1].trim()));
    } catch {
      // a malformed escape: fall back to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"/i.exec(disposition) ?? /filename\s*=\s*([^;]+)/i.exec(disposition);
  return safe((plain?.[1] ?? "").trim());
}

function safe(name: string): string | null {
  return name ? name.replace(/[/\\]/g, "_") : null;
}

/** Hands a Blob to the browser as a download (an object URL on a transient <a download>). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.rel = "noopener";
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // the download has started reading the Blob by now; the URL is dropped a little later
  window.setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
