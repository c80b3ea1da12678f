// Section text is Markdown; it is rendered with raw HTML disabled (html: false escapes any tag) and
// links limited to http(s) and mailto, opened without the opener or the referrer.
import MarkdownIt from "markdown-it";
const SAFE_LINK = /^(https?:|mailto:)/i;
const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false });
md.validateLink = (url) => SAFE_LINK.test(url.trim());
const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    if (token) {
        token.attrSet("rel", "noopener noreferrer nofollow");
        token.attrSet("target", "_blank");
    }
    return defaultLinkOpen(tokens, idx, options, env, self);
};
/** Markdown → safe HTML for dangerouslySetInnerHTML (no raw HTML can pass). */
export function renderMarkdown(source) {
    return md.render(source);
}
