import { useEffect } from "react";

/** The tab's title follows the page's h1: "<page> — ETP Express". */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} — ETP Express` : "ETP Express";
  }, [title]);
}
