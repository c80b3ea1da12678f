import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
// A row of links between the pages of one area (organization, system), the current one marked by
// aria-current and an underline plus bold text (not by colour alone). Wraps on narrow screens.
import { NavLink } from "react-router";
import { Icon } from "./Icon";
export function SectionTabs({ label, tabs }) {
    return (_jsx("nav", { className: "etp-tabs", "aria-label": label, children: _jsx("ul", { children: tabs.map((tab) => (_jsx("li", { children: _jsxs(NavLink, { to: tab.to, end: true, className: "etp-tabs__link", children: [_jsx(Icon, { name: tab.icon }), " ", tab.label] }) }, tab.to))) }) }));
}
