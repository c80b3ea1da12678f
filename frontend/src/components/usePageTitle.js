import { useEffect } from "react";
/** The tab's title follows the page's h1: "<page> — ETP Express". */
export function usePageTitle(title) {
    useEffect(() => {
        document.title = title ? `${title} — ETP Express` : "ETP Express";
    }, [title]);
}
