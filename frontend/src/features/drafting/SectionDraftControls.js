import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
// "Redigir com IA" for one section, with optional instructions; the job's id goes in `?tarefa=`
// (replace) so a reload resumes watching it; its state and elapsed time while it runs, cancel, the
// failure reason, and fresh section data when it ends.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { ApiError, messageOf } from "../../api/errors";
import { keys } from "../../api/queries";
import { isTerminal, useJob } from "../../api/useJob";
import { Icon } from "../../components/Icon";
import { Message } from "../../components/Message";
import { JobStateTag } from "../../components/StatusTag";
import { formatElapsed } from "../../lib/format";
import { cancelJob, draftSection, invalidateSection, useJobParam } from "./api";
import { useElapsed } from "./useElapsed";
import "./drafting.css";
function outcomeOf(job, code) {
    const sections = job.result?.sections;
    return code ? sections?.[code] : undefined;
}
export function SectionDraftControls({ etpId, section, disabled }) {
    const queryClient = useQueryClient();
    const instructionsId = useId();
    const [jobParam, setJobParam] = useJobParam();
    const [instructions, setInstructions] = useState("");
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    const [announcement, setAnnouncement] = useState("");
    const watched = useJob(jobParam, {
        onSettled: (job) => {
            if (job.kind === "draft_section" && job.inciso === section.inciso)
                invalidateSection(queryClient, etpId, section.inciso);
        },
    });
    // only this section's job is shown here (a whole-ETP job's panel is on the overview)
    const job = watched.data && watched.data.kind === "draft_section" && watched.data.inciso === section.inciso ? watched.data : undefined;
    const running = Boolean(job) && !isTerminal(job);
    const elapsed = useElapsed(job);
    const lastState = useRef(null);
    useEffect(() => {
        if (!job?.state)
            return;
        if (lastState.current !== null && lastState.current !== job.state) {
            const outcome = outcomeOf(job, section.code);
            if (job.state === "running")
                setAnnouncement(`Redação da seção ${section.code ?? ""} em andamento.`);
            else if (job.state === "succeeded")
                setAnnouncement(outcome?.applied === "suggestion" ? `A sugestão da IA para a seção ${section.code ?? ""} está pronta para revisão.` : `Seção ${section.code ?? ""} redigida.`);
            else if (job.state === "failed")
                setAnnouncement(`A redação da seção ${section.code ?? ""} falhou: ${job.error ?? ""}`);
            else if (job.state === "cancelled")
                setAnnouncement("Redação cancelada.");
        }
        lastState.current = job.state;
    }, [job, section.code]);
    async function start() {
        if (!section.inciso)
            return;
        setBusy(true);
        setError(null);
        try {
            const created = await draftSection(etpId, section.inciso, instructions);
            lastState.current = created.state ?? "queued";
            queryClient.setQueryData(keys.job(created.id ?? ""), created);
            setJobParam(created.id ?? null);
            setAnnouncement(`Redação da seção ${section.code ?? ""} pedida.`);
            invalidateSection(queryClient, etpId, section.inciso);
        }
        catch (err) {
            setError(messageOf(err));
        }
        finally {
            setBusy(false);
        }
    }
    async function cancel() {
        if (!job?.id)
            return;
        setBusy(true);
        setError(null);
        try {
            queryClient.setQueryData(keys.job(job.id), await cancelJob(job.id));
            invalidateSection(queryClient, etpId, section.inciso);
        }
        catch (err) {
            if (err instanceof ApiError && err.status === 409) {
                setError(`A redação já havia terminado: não há o que cancelar. ${err.message}`);
                void queryClient.invalidateQueries({ queryKey: keys.job(job.id) });
            }
            else
                setError(messageOf(err));
        }
        finally {
            setBusy(false);
        }
    }
    const outcome = job ? outcomeOf(job, section.code) : undefined;
    const elsewhere = section.status === "drafting" && !running;
    return (_jsxs("section", { className: "etp-section-draft", "aria-labelledby": `${instructionsId}-titulo`, children: [_jsxs("h2", { id: `${instructionsId}-titulo`, className: "etp-section-draft__title", children: [_jsx(Icon, { name: "robot" }), " Reda\u00E7\u00E3o com IA"] }), _jsx("p", { "aria-live": "polite", "aria-atomic": "true", className: "visually-hidden", children: announcement }), !running ? (_jsxs("div", { className: "br-textarea etp-field", children: [_jsx("label", { htmlFor: instructionsId, children: "Instru\u00E7\u00F5es para a IA (opcional)" }), _jsx("textarea", { id: instructionsId, value: instructions, maxLength: 4000, rows: 2, onChange: (event) => setInstructions(event.target.value), disabled: disabled || busy, "aria-describedby": `${instructionsId}-dica` }), _jsx("p", { id: `${instructionsId}-dica`, className: "etp-hint", children: "A IA redige um rascunho a partir dos dados do ETP e das se\u00E7\u00F5es anteriores. Se a se\u00E7\u00E3o j\u00E1 tiver um texto seu, ele \u00E9 mantido e o rascunho vira uma sugest\u00E3o." })] })) : null, elsewhere ? _jsx(Message, { kind: "info", children: "Esta se\u00E7\u00E3o j\u00E1 est\u00E1 em reda\u00E7\u00E3o por outro trabalho. Aguarde o fim dele." }) : null, job ? (_jsxs("div", { className: "etp-section-draft__job", children: [_jsx(JobStateTag, { state: job.state }), elapsed !== null ? _jsxs("span", { className: "etp-section-draft__elapsed", children: ["Tempo decorrido: ", formatElapsed(elapsed)] }) : null] })) : null, job?.state === "failed" ? _jsxs(Message, { kind: "danger", children: ["A reda\u00E7\u00E3o falhou: ", outcome?.error ?? job.error ?? "motivo não informado."] }) : null, job?.state === "succeeded" && outcome?.applied === "suggestion" ? (_jsx(Message, { kind: "info", children: "O texto da se\u00E7\u00E3o foi mantido: o rascunho da IA ficou como sugest\u00E3o para voc\u00EA revisar." })) : null, job?.state === "succeeded" && outcome?.applied !== "suggestion" ? _jsx(Message, { kind: "success", children: "Se\u00E7\u00E3o redigida. Revise o texto antes de us\u00E1-lo." }) : null, error ? _jsx(Message, { kind: "danger", children: error }) : null, _jsx("div", { className: "etp-actions", children: running ? (_jsxs("button", { type: "button", className: "br-button secondary", onClick: () => void cancel(), disabled: busy, children: [_jsx(Icon, { name: "ban" }), " Cancelar a reda\u00E7\u00E3o"] })) : (_jsxs("button", { type: "button", className: "br-button primary", onClick: () => void start(), disabled: disabled || busy || elsewhere, children: [_jsx(Icon, { name: "robot" }), " Redigir com IA"] })) })] }));
}
