import type { ReactNode } from "react";

import { Icon, type IconName } from "./Icon";

export type MessageKind = "success" | "danger" | "warning" | "info";

const ICONS: Record<MessageKind, IconName> = {
  success: "check-circle",
  danger: "times-circle",
  warning: "exclamation-triangle",
  info: "info-circle",
};

const TITLES: Record<MessageKind, string> = { success: "Sucesso", danger: "Erro", warning: "Atenção", info: "Informação" };

/** The design system's br-message. Errors are announced (role=alert); the rest politely. */
export function Message({ kind, title, children, onClose, id }: { kind: MessageKind; title?: string; children: ReactNode; onClose?: () => void; id?: string }) {
  return (
    <div id={id} className={`br-message ${kind}`} role={kind === "danger" ? "alert" : "status"}>
      <div className="icon">
        <Icon name={ICONS[kind]} className="fa-lg" />
      </div>
      <div className="content">
        <span className="message-title">{title ?? TITLES[kind]}. </span>
        <span className="message-body">{children}</span>
      </div>
      {onClose ? (
        <div className="close">
          <button className="br-button circle small" type="button" aria-label="Fechar a mensagem" onClick={onClose}>
            <Icon name="times" />
          </button>
        </div>
      ) : null}
    </div>
  );
}
