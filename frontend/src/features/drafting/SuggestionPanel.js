import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
// A draft that arrived as a suggestion (the section had a person's text, which drafting never
// overwrites): a word diff against the current text (or the plain suggestion), accept or discard.
import { useQueryClient } from "@tanstack/react-query";
import { useId, useMemo, useState } from "react";
import { messageOf } from "../../api/errors";
import { Icon } from "../../components/Icon";
import { Message } from "../../components/Message";
import { diffStats, wordDiff } from "../../lib/diff";
import { plural } from "../../lib/format";
import { storeSection } from "../../api/queries";
import { acceptSuggestion, discardSuggestion, invalidateSection } from "./api";
import "./drafting.css";
export function SuggestionPanel({ etpId, section, currentText, onAccepted }) {
    const queryClient = useQueryClient();
    const titleId = useId();
    const [plain, setPlain] = useState(false);
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState(null);
    const suggestion = section.suggestion ?? "";
    const parts = useMemo(() => (suggestion ? wordDiff(currentText, suggestion) : []), [currentText, suggestion]);
    const stats = useMemo(() => diffStats(parts), [parts]);
    if (!suggestion.trim())
        return null;
    async function act(kind) {
        if (!section.inciso)
            return;
        setBusy(true);
        setError(null);
        try {
            const answer = kind === "accept" ? await acceptSuggestion(etpId, section.inciso) : await discardSuggestion(etpId, section.inciso);
            storeSection(queryClient, etpId, answer);
            invalidateSection(queryClient, etpId, null);
            if (kind === "accept")
                onAccepted(answer);
        }
        catch (err) {
            setError(messageOf(err));
        }
        finally {
            setBusy(false);
        }
    }
    const offline = section.suggestion_provenance === "offline";
    return (_jsxs("section", { className: "etp-suggestion", role: "region", "aria-labelledby": titleId, children: [_jsxs("h2", { id: titleId, className: "etp-suggestion__title", children: [_jsx(Icon, { name: "robot" }), " Sugest\u00E3o da IA"] }), _jsxs("p", { className: "etp-suggestion__intro", children: [offline
                        ? "Rascunho gerado a partir do modelo (sem IA generativa), guardado como sugestão porque a seção já tinha um texto seu. "
                        : "Rascunho redigido com auxílio de inteligência artificial, guardado como sugestão porque a seção já tinha um texto seu. ", "Revise-o antes de aceitar: o texto da se\u00E7\u00E3o s\u00F3 muda se voc\u00EA aceitar."] }), !plain ? (_jsxs("p", { className: "etp-suggestion__legend", children: ["Compara\u00E7\u00E3o com o texto atual: ", plural(stats.added, "palavra incluída", "palavras incluídas"), " (sublinhadas), ", plural(stats.removed, "palavra removida", "palavras removidas"), " (riscadas)."] })) : null, _jsxs("button", { type: "button", className: "br-button tertiary small", "aria-pressed": plain, onClick: () => setPlain((value) => !value), children: [_jsx(Icon, { name: plain ? "eye" : "file-alt" }), " ", plain ? "Ver as diferenças" : "Ver só o texto sugerido"] }), _jsx("div", { className: "etp-suggestion__text etp-diff", role: "group", tabIndex: 0, "aria-label": plain ? "Texto sugerido" : "Diferenças entre o texto atual e a sugestão", children: plain
                    ? suggestion
                    : parts.map((part, index) => part.kind === "added" ? (_jsx("ins", { children: part.text }, index)) : part.kind === "removed" ? (_jsx("del", { children: part.text }, index)) : (_jsx("span", { children: part.text }, index))) }), error ? _jsx(Message, { kind: "danger", children: error }) : null, _jsxs("div", { className: "etp-actions", children: [_jsxs("button", { type: "button", className: "br-button primary", onClick: () => void act("accept"), disabled: busy, children: [_jsx(Icon, { name: "check" }), " Aceitar a sugest\u00E3o"] }), _jsxs("button", { type: "button", className: "br-button secondary", onClick: () => void act("discard"), disabled: busy, children: [_jsx(Icon, { name: "trash" }), " Descartar"] })] })] }));
}
