// /organizacao/consumo (org admins): the organization's AI usage this month — totals, the monthly
// token budget with what is left and its form, the tokens day by day (an SVG chart with its text
// alternative) and by person and by ETP (features/admin/usage).
import { messageOf } from "../../api/errors";
import type { UsageReport } from "../../api/types";
import { Icon } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { usePageTitle } from "../../components/usePageTitle";
import { formatInteger, formatUsd } from "../../lib/format";
import { AdminTabs } from "./AdminTabs";
import { useUsage } from "./usage/api";
import { BudgetPanel } from "./usage/BudgetPanel";
import { DailyChart } from "./usage/DailyChart";
import { UsageByEtpTable, UsageByUserTable } from "./usage/UsageTables";
import "./usage/usage.css";

const monthName = new Intl.DateTimeFormat("pt-BR", { month: "long", year: "numeric", timeZone: "UTC" });

/** "2026-12-01T00:00:00+00:00" → "dezembro de 2026". */
export function monthLabel(monthStart: string | undefined): string {
  if (!monthStart) return "";
  const date = new Date(monthStart);
  return Number.isNaN(date.getTime()) ? "" : monthName.format(date);
}

export default function UsagePage() {
  usePageTitle("Consumo e orçamento");
  const usage = useUsage();
  return (
    <div className="etp-usage">
      <AdminTabs />
      <h1>Consumo e orçamento</h1>
      {usage.isPending ? (
        <Loading label="Carregando o consumo da organização…" />
      ) : usage.isError ? (
        <div className="etp-usage__state">
          <Message kind="danger" title="Não foi possível carregar o consumo">{messageOf(usage.error)}</Message>
          <button className="br-button secondary" type="button" onClick={() => void usage.refetch()}>
            <Icon name="redo" /> Tentar novamente
          </button>
        </div>
      ) : (
        <UsageContent usage={usage.data} />
      )}
    </div>
  );
}

function UsageContent({ usage }: { usage: UsageReport }) {
  const month = usage.month ?? {};
  const tokens = (month.tokens_in ?? 0) + (month.tokens_out ?? 0);
  return (
    <>
      <p className="etp-usage__intro">
        Tokens de IA e custo estimado das redações de <strong>{monthLabel(usage.month_start)}</strong> (mês em UTC). O custo é uma estimativa
        em dólares (US$) pelos preços do modelo; a cobrança real é a do provedor.
      </p>
      <section aria-labelledby="consumo-mes-titulo">
        <h2 id="consumo-mes-titulo" className="visually-hidden">Totais do mês</h2>
        <dl className="etp-usage-totals">
          <div>
            <dt>Tokens no mês</dt>
            <dd>{formatInteger(tokens)}</dd>
            <dd className="etp-usage-totals__detail">{`${formatInteger(month.tokens_in ?? 0)} de entrada · ${formatInteger(month.tokens_out ?? 0)} de saída`}</dd>
          </div>
          <div>
            <dt>Custo estimado no mês</dt>
            <dd>{formatUsd(month.cost_usd ?? "0")}</dd>
          </div>
          <div>
            <dt>Redações no mês</dt>
            <dd>{formatInteger(month.jobs ?? 0)}</dd>
          </div>
          <div>
            <dt>Desde o início</dt>
            <dd>{`${formatInteger((usage.all_time?.tokens_in ?? 0) + (usage.all_time?.tokens_out ?? 0))} tokens`}</dd>
            <dd className="etp-usage-totals__detail">{formatUsd(usage.all_time?.cost_usd ?? "0")}</dd>
          </div>
        </dl>
      </section>
      <BudgetPanel usage={usage} />
      <section className="etp-usage-section" aria-labelledby="consumo-por-dia">
        <h2 id="consumo-por-dia">Por dia</h2>
        <DailyChart days={usage.daily ?? []} />
      </section>
      {usage.by_user ? <UsageByUserTable rows={usage.by_user} others={usage.by_user_others} /> : null}
      <UsageByEtpTable rows={usage.by_etp ?? []} others={usage.by_etp_others} />
    </>
  );
}
