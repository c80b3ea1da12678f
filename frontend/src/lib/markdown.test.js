import { diffStats, wordDiff } from "./diff";
import { renderMarkdown } from "./markdown";
describe("section Markdown", () => {
    it("renders headings, lists and tables", () => {
        const html = renderMarkdown("## Necessidade\n\n- item\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        expect(html).toContain("<h2>Necessidade</h2>");
        expect(html).toContain("<li>item</li>");
        expect(html).toContain("<table>");
    });
    it("never lets raw HTML or script links through", () => {
        const html = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">\n\n[clique](javascript:alert(1)) [dados](data:text/html,oi)');
        const dom = document.createElement("div");
        dom.innerHTML = html;
        expect(dom.querySelectorAll("script, img, [onerror]")).toHaveLength(0);
        expect([...dom.querySelectorAll("a")].map((a) => a.getAttribute("href"))).toEqual([]);
        expect(dom.textContent).toContain("<script>alert(1)</script>"); // shown as text, escaped
    });
    it("opens safe links without the opener or the referrer", () => {
        const html = renderMarkdown("[Lei 14.133](https://www.planalto.gov.br/ccivil_03/_ato2019-2022/2021/lei/l14133.htm)");
        expect(html).toContain('rel="noopener noreferrer nofollow"');
        expect(html).toContain('href="https://www.planalto.gov.br/');
    });
});
describe("word diff", () => {
    it("marks added and removed words", () => {
        const parts = wordDiff("aquisição de 240 cadeiras", "aquisição de 300 cadeiras escolares");
        expect(parts.filter((p) => p.kind === "removed").map((p) => p.text.trim())).toEqual(["240"]);
        expect(diffStats(parts)).toEqual({ added: 2, removed: 1 });
    });
});
