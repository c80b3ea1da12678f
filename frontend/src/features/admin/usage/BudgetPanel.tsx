// The monthly token budget: how much of it the month used and how much is left (a meter with the
// numbers in text and the state as text and icon, never colour alone), and the org admin's form to
// set or remove it (PATCH /api/v1/organization; a 422 shows on the field).
import { useState, type FormEvent } from "react";

import { ApiError, messageOf } from "../../../api/errors";
import type { UsageReport } from "../../../api/types";
import { TextField } from "../../../components/Field";
import { Icon, type IconName } from "../../../components/Icon";
import { Message } from "../../../components/Message";
import { formatDate, formatInteger } from "../../../lib/format";
import { useSetBudget } from "./api";

const FIELD_ID = "orcamento-mensal";
const WARNING_SHARE = 0.8;

/** What a person typed as a token count → the number, or an error message. "500.000" and "500 000" are 500000. */
export function parseBudget(input: string): { value: number | null } | { error: string } {
  const text = input.replace(/[\s\u00a0]/g, "");
  if (!text) return { value: null };
  if (/^\d+$/.test(text) || /^\d{1,3}(\.\d{3})+$/.test(text)) return { value: Number(text.replace(/\./g, "")) };
  if (/^\d+,\d*$/.test(text) || /^\d{1,3}(\.\d{3})+,\d*$/.test(text)) return { error: "Use um número inteiro de tokens, sem casas decimais." };
  return { error: "Informe o orçamento em tokens, só com algarismos (por exemplo 500000 ou 500.000)." };
}

/** "2027-01-01T00:00:00+00:00" → "01/01/2027" (the UTC day the next month's budget starts). */
function utcDay(iso: string | undefined): string {
  return iso ? formatDate(iso.slice(0, 10)) : "";
}

type BudgetState = { kind: "ok" | "warning" | "exhausted"; icon: IconName; text: string };

function budgetState(used: number, budget: number, resetDay: string): BudgetState {
  if (used >= budget) {
    return {
      kind: "exhausted",
      icon: "ban",
      text: `Orçamento esgotado: novas redações por IA ficam bloqueadas até ${resetDay || "o próximo mês"} ou até o limite ser aumentado.`,
    };
  }
  if (used >= budget * WARNING_SHARE) {
    return { kind: "warning", icon: "exclamation-triangle", text: "Atenção: mais de 80% do orçamento do mês já foi usado." };
  }
  return { kind: "ok", icon: "check-circle", text: "Dentro do orçamento do mês." };
}

export function BudgetPanel({ usage }: { usage: UsageReport }) {
  const budget = usage.monthly_token_budget ?? null;
  const used = usage.tokens_used ?? 0;
  const resetDay = utcDay(usage.month_end);
  return (
    <section className="etp-usage-budget" aria-labelledby="orcamento-titulo">
      <h2 id="orcamento-titulo">Orçamento mensal de tokens</h2>
      {budget === null ? (
        <p className="etp-usage-budget__none">
          <Icon name="info-circle" /> Sem limite: a organização não tem orçamento mensal definido. {formatInteger(used)} tokens usados neste mês.
        </p>
      ) : (
        <BudgetMeter used={used} budget={budget} remaining={usage.remaining ?? Math.max(budget - used, 0)} resetDay={resetDay} />
      )}
      <BudgetForm budget={budget} />
    </section>
  );
}

function BudgetMeter({ used, budget, remaining, resetDay }: { used: number; budget: number; remaining: number; resetDay: string }) {
  const share = budget > 0 ? Math.min(used / budget, 1) : 1;
  const percent = Math.round(share * 100);
  const state = budgetState(used, budget, resetDay);
  const usedText = `${formatInteger(used)} de ${formatInteger(budget)} tokens usados (${percent}%)`;
  return (
    <div className={`etp-usage-meter etp-usage-meter--${state.kind}`}>
      <dl className="etp-usage-meter__numbers">
        <div>
          <dt>Orçamento do mês</dt>
          <dd>{formatInteger(budget)} tokens</dd>
        </div>
        <div>
          <dt>Usados</dt>
          <dd>{`${formatInteger(used)} tokens (${percent}%)`}</dd>
        </div>
        <div>
          <dt>Restantes</dt>
          <dd data-testid="orcamento-restante">{`${formatInteger(remaining)} tokens`}</dd>
        </div>
      </dl>
      <div className="etp-usage-meter__bar" role="meter" aria-label="Uso do orçamento mensal" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-valuetext={usedText}>
        {/* an SVG bar: its width is an attribute, not an inline style (the CSP allows no inline styles) */}
        <svg className="etp-usage-meter__svg" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
          <rect className="etp-usage-meter__track" x="0" y="0" width="100" height="10" />
          <rect className="etp-usage-meter__fill" x="0" y="0" width={share * 100} height="10" />
        </svg>
      </div>
      <p className="etp-usage-meter__state">
        <Icon name={state.icon} /> {state.text}
        {state.kind !== "exhausted" && resetDay ? ` O orçamento recomeça em ${resetDay}.` : ""}
      </p>
    </div>
  );
}

function BudgetForm({ budget }: { budget: number | null }) {
  const [text, setText] = useState(budget === null ? "" : formatInteger(budget));
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const mutation = useSetBudget();

  const save = (value: number | null) => {
    setSaved(null);
    setFailed(null);
    mutation.mutate(value, {
      onSuccess: () => {
        setText(value === null ? "" : formatInteger(value));
        setSaved(value === null ? "Limite removido: a organização não tem mais orçamento mensal." : `Orçamento salvo: ${formatInteger(value)} tokens por mês.`);
        // "Remover o limite" is gone with the limit: the focus goes back to the field, not to the page
        if (value === null) document.getElementById(FIELD_ID)?.focus();
      },
      onError: (failure) => {
        const field = failure instanceof ApiError ? failure.fieldErrors.monthly_token_budget : undefined;
        if (field?.length) {
          setError(field.join(" "));
          document.getElementById(FIELD_ID)?.focus();
        } else {
          setFailed(messageOf(failure));
        }
      },
    });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseBudget(text);
    if ("error" in parsed) {
      setError(parsed.error);
      setSaved(null);
      document.getElementById(FIELD_ID)?.focus();
      return;
    }
    setError(null);
    save(parsed.value);
  };

  return (
    <form className="etp-usage-budget__form" onSubmit={submit} noValidate aria-labelledby="orcamento-form-titulo">
      <h3 id="orcamento-form-titulo">{budget === null ? "Definir um orçamento" : "Alterar o orçamento"}</h3>
      <TextField
        id={FIELD_ID}
        label="Orçamento mensal (tokens)"
        inputMode="numeric"
        autoComplete="off"
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setError(null);
        }}
        hint="Um número inteiro de tokens por mês, por exemplo 500.000. Em branco: sem limite. Ao atingi-lo, novas redações por IA ficam bloqueadas até o mês seguinte."
        error={error}
      />
      <div className="etp-usage-budget__actions">
        <button className="br-button primary" type="submit" disabled={mutation.isPending}>
          <Icon name="save" /> {mutation.isPending ? "Salvando…" : "Salvar orçamento"}
        </button>
        {budget !== null ? (
          <button className="br-button secondary" type="button" disabled={mutation.isPending} onClick={() => { setError(null); save(null); }}>
            <Icon name="times" /> Remover o limite
          </button>
        ) : null}
      </div>
      {saved ? <Message kind="success" title="Pronto">{saved}</Message> : null}
      {failed ? <Message kind="danger" title="Não foi possível salvar o orçamento">{failed}</Message> : null}
    </form>
  );
}
