// The month's tokens day by day as a hand-written SVG bar chart (no chart library), inside a <figure>
// whose caption summarizes it in words; the same numbers are in a table under "Ver os dados do
// gráfico" for screen readers and anyone who prefers to read them.
import { useId } from "react";

import type { UsageDay } from "../../../api/types";
import { formatDate, formatInteger, formatUsd, plural } from "../../../lib/format";

const WIDTH = 720;
const HEIGHT = 240;
const PLOT = { left: 64, right: 8, top: 12, bottom: 28 };

/** A round axis maximum at or above `value` (1, 2 or 5 × a power of ten). */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function dayOf(date: string): number {
  return Number(date.slice(8, 10));
}

/** The caption: the month's total and the busiest day, in words. */
export function chartSummary(days: UsageDay[]): string {
  const total = days.reduce((sum, day) => sum + (day.tokens ?? 0), 0);
  if (!total) return `Nenhum token usado neste mês até agora (${plural(days.length, "dia", "dias")}).`;
  const busiest = days.reduce((best, day) => ((day.tokens ?? 0) > (best.tokens ?? 0) ? day : best));
  const active = days.filter((day) => (day.tokens ?? 0) > 0).length;
  return (
    `${formatInteger(total)} tokens em ${plural(active, "dia com uso", "dias com uso")} de ${days.length}; ` +
    `o dia de maior uso foi ${formatDate(busiest.date ?? "")}, com ${formatInteger(busiest.tokens ?? 0)} tokens.`
  );
}

export function DailyChart({ days }: { days: UsageDay[] }) {
  const id = useId().replace(/[^a-zA-Z0-9_-]/g, "");
  const max = niceMax(Math.max(0, ...days.map((day) => day.tokens ?? 0)));
  const plotWidth = WIDTH - PLOT.left - PLOT.right;
  const plotHeight = HEIGHT - PLOT.top - PLOT.bottom;
  const slot = plotWidth / Math.max(days.length, 1);
  const barWidth = Math.max(2, Math.min(28, slot * 0.7));
  const y = (value: number) => PLOT.top + plotHeight - (value / max) * plotHeight;
  const ticks = [0, max / 2, max];
  // a label every day up to 10 days, then the 1st and every 5th
  const labelled = (day: number) => days.length <= 10 || day === 1 || day % 5 === 0;
  const summary = chartSummary(days);

  return (
    <figure className="etp-usage-chart">
      <figcaption id={`${id}-legenda`} className="etp-usage-chart__caption">
        <strong>Tokens por dia (UTC).</strong> {summary}
      </figcaption>
      <svg
        className="etp-usage-chart__svg"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`Gráfico de barras dos tokens por dia do mês: ${summary}`}
        focusable="false"
      >
        {ticks.map((tick) => (
          <g key={tick}>
            <line className="etp-usage-chart__grid" x1={PLOT.left} x2={WIDTH - PLOT.right} y1={y(tick)} y2={y(tick)} />
            <text className="etp-usage-chart__tick" x={PLOT.left - 6} y={y(tick)} dy="0.32em" textAnchor="end">
              {formatInteger(tick)}
            </text>
          </g>
        ))}
        {days.map((day, index) => {
          const tokens = day.tokens ?? 0;
          const x = PLOT.left + index * slot + (slot - barWidth) / 2;
          const n = dayOf(day.date ?? "");
          return (
            <g key={day.date}>
              {tokens > 0 ? (
                <rect className="etp-usage-chart__bar" x={x} y={y(tokens)} width={barWidth} height={Math.max(1, y(0) - y(tokens))}>
                  <title>{`${formatDate(day.date ?? "")}: ${formatInteger(tokens)} tokens`}</title>
                </rect>
              ) : null}
              {labelled(n) ? (
                <text className="etp-usage-chart__tick" x={x + barWidth / 2} y={HEIGHT - PLOT.bottom + 18} textAnchor="middle">
                  {n}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <details className="etp-usage-chart__data">
        <summary>Ver os dados do gráfico em tabela</summary>
        <div className="etp-table-scroll" role="region" aria-label="Tokens por dia do mês" tabIndex={0}>
          <table className="etp-usage-table">
            <caption className="visually-hidden">Tokens e custo estimado por dia do mês</caption>
            <thead>
              <tr>
                <th scope="col">Dia</th>
                <th scope="col" className="etp-usage-table__number">Tokens</th>
                <th scope="col" className="etp-usage-table__number">Redações</th>
                <th scope="col" className="etp-usage-table__number">Custo estimado (US$)</th>
              </tr>
            </thead>
            <tbody>
              {days.map((day) => (
                <tr key={day.date}>
                  <th scope="row">{formatDate(day.date ?? "")}</th>
                  <td className="etp-usage-table__number">{formatInteger(day.tokens ?? 0)}</td>
                  <td className="etp-usage-table__number">{formatInteger(day.jobs ?? 0)}</td>
                  <td className="etp-usage-table__number">{formatUsd(day.cost_usd ?? "0")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
