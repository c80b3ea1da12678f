// The month's usage by person and by ETP: the largest first, the rest of the organization in one
// "outras/outros" row (the API sums it), each a data table that scrolls in its own region when narrow.
import type { ReactNode } from "react";
import { Link } from "react-router";

import type { UsageByEtp, UsageByUser, UsageOthers } from "../../../api/types";
import { formatInteger, formatUsd } from "../../../lib/format";

interface Amounts {
  tokens?: number;
  tokens_in?: number;
  tokens_out?: number;
  jobs?: number;
  cost_usd?: string;
}

function AmountCells({ row }: { row: Amounts }) {
  return (
    <>
      <td className="etp-usage-table__number">{formatInteger(row.tokens ?? 0)}</td>
      <td className="etp-usage-table__number">{formatInteger(row.tokens_in ?? 0)}</td>
      <td className="etp-usage-table__number">{formatInteger(row.tokens_out ?? 0)}</td>
      <td className="etp-usage-table__number">{formatInteger(row.jobs ?? 0)}</td>
      <td className="etp-usage-table__number">{formatUsd(row.cost_usd ?? "0")}</td>
    </>
  );
}

function UsageTable({ title, id, first, caption, children, empty }: { title: string; id: string; first: string; caption: string; children: ReactNode; empty: boolean }) {
  return (
    <section className="etp-usage-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {empty ? (
        <p>Nenhuma redação por IA neste mês até agora.</p>
      ) : (
        <div className="etp-table-scroll" role="region" aria-label={`Tabela ${title.toLowerCase()}`} tabIndex={0}>
          <table className="etp-usage-table">
            <caption className="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{first}</th>
                <th scope="col" className="etp-usage-table__number">Tokens</th>
                <th scope="col" className="etp-usage-table__number">Entrada</th>
                <th scope="col" className="etp-usage-table__number">Saída</th>
                <th scope="col" className="etp-usage-table__number">Redações</th>
                <th scope="col" className="etp-usage-table__number">Custo estimado (US$)</th>
              </tr>
            </thead>
            <tbody>{children}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function personName(row: UsageByUser): string {
  if (row.name) return row.name;
  return row.id ? "Pessoa que saiu da organização" : "Conta excluída";
}

export function UsageByUserTable({ rows, others }: { rows: UsageByUser[]; others: UsageOthers | null | undefined }) {
  return (
    <UsageTable title="Por pessoa" id="consumo-por-pessoa" first="Pessoa" caption="Tokens e custo estimado do mês por pessoa, quem mais usou primeiro" empty={!rows.length}>
      {rows.map((row, index) => (
        <tr key={row.id ?? `sem-id-${index}`}>
          <th scope="row">{personName(row)}</th>
          <AmountCells row={row} />
        </tr>
      ))}
      {others ? (
        <tr className="etp-usage-table__others">
          <th scope="row">{others.count === 1 ? "Outra pessoa" : `Outras ${formatInteger(others.count ?? 0)} pessoas`}</th>
          <AmountCells row={others} />
        </tr>
      ) : null}
    </UsageTable>
  );
}

export function UsageByEtpTable({ rows, others }: { rows: UsageByEtp[]; others: UsageOthers | null | undefined }) {
  return (
    <UsageTable title="Por ETP" id="consumo-por-etp" first="ETP" caption="Tokens e custo estimado do mês por ETP, o que mais usou primeiro" empty={!rows.length}>
      {rows.map((row, index) => (
        <tr key={row.id ?? `sem-id-${index}`}>
          <th scope="row">{row.id && row.title ? <Link to={`/etps/${row.id}`}>{row.title}</Link> : "ETP excluído"}</th>
          <AmountCells row={row} />
        </tr>
      ))}
      {others ? (
        <tr className="etp-usage-table__others">
          <th scope="row">{others.count === 1 ? "Outro ETP" : `Outros ${formatInteger(others.count ?? 0)} ETPs`}</th>
          <AmountCells row={others} />
        </tr>
      ) : null}
    </UsageTable>
  );
}
