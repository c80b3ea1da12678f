// A modal dialog on the native <dialog> (focus kept inside, Esc closes, focus returns to the opener),
// styled with the design system's br-modal.
import { useEffect, useId, useRef, type ReactNode } from "react";

import { Icon } from "./Icon";

export function Dialog({ open, title, onClose, children, footer, wide = false }: { open: boolean; title: string; onClose: () => void; children: ReactNode; footer?: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const opener = useRef<Element | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      opener.current = document.activeElement;
      if (typeof dialog.showModal === "function") dialog.showModal();
      else dialog.setAttribute("open", "");
    } else if (!open && dialog.open) {
      if (typeof dialog.close === "function") dialog.close();
      else dialog.removeAttribute("open");
      if (opener.current instanceof HTMLElement) opener.current.focus();
    }
  }, [open]);

  return (
    <dialog ref={ref} className={`br-modal etp-dialog${wide ? " etp-dialog--wide" : ""}`} aria-labelledby={titleId} onCancel={(event) => { event.preventDefault(); onClose(); }}>
      {open ? (
        <>
          <div className="br-modal-header">
            <h2 id={titleId} className="etp-dialog__title">{title}</h2>
            <button type="button" className="br-button close circle small" aria-label="Fechar" onClick={onClose}>
              <Icon name="times" />
            </button>
          </div>
          <div className="br-modal-body">{children}</div>
          {footer ? <div className="br-modal-footer etp-dialog__footer">{footer}</div> : null}
        </>
      ) : null}
    </dialog>
  );
}
