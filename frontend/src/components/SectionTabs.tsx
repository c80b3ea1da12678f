// A row of links between the pages of one area (organization, system), the current one marked by
// aria-current and an underline plus bold text (not by colour alone). Wraps on narrow screens.
import { NavLink } from "react-router";

import { Icon, type IconName } from "./Icon";

export interface SectionTab {
  to: string;
  label: string;
  icon: IconName;
}

export function SectionTabs({ label, tabs }: { label: string; tabs: readonly SectionTab[] }) {
  return (
    <nav className="etp-tabs" aria-label={label}>
      <ul>
        {tabs.map((tab) => (
          <li key={tab.to}>
            <NavLink to={tab.to} end className="etp-tabs__link">
              <Icon name={tab.icon} /> {tab.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
