// Font Awesome 5 (solid), self-hosted; only the glyphs in styles/icons.css are bundled.
// Icons are decorative: the text beside them says the same (status never by icon or colour alone).
export type IconName =
  | "check" | "check-circle" | "times" | "times-circle" | "exclamation-triangle" | "exclamation-circle"
  | "info-circle" | "spinner" | "clock" | "pen" | "file-alt" | "plus" | "search" | "robot" | "redo"
  | "trash" | "sign-out-alt" | "user" | "lock" | "archive" | "paper-plane" | "stamp" | "bold" | "italic"
  | "heading" | "list-ul" | "list-ol" | "table" | "link" | "eye" | "chevron-left" | "chevron-right"
  | "ban" | "save" | "bars" | "home" | "sync" | "arrow-left" | "minus-circle"
  | "history" | "download" | "file-pdf" | "file-word" | "file-code" | "file-csv" | "users" | "chart-bar" | "clipboard-list" | "database"
  | "heartbeat" | "bell" | "user-shield" | "undo" | "exchange-alt" | "cog" | "shield-alt" | "server" | "filter" | "columns"
  | "user-slash" | "user-check" | "envelope" | "key" | "trash-alt" | "building" | "id-card" | "external-link-alt" | "print" | "wallet";

export function Icon({ name, spin = false, className = "" }: { name: IconName; spin?: boolean; className?: string }) {
  return <i className={`fas fa-${name}${spin ? " fa-spin" : ""} ${className}`.trim()} aria-hidden="true" />;
}
