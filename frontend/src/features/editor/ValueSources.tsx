// "De onde vêm os números": a disclosure in the quality panel listing each value the checks
// recognized in the section and where it came from — an ETP field, a calculation over them, a
// person's section, the instructions — with the ones no person gave marked "sem fonte nos dados do
// ETP" by words and an icon, never by colour alone. Flagged values come first; the disclosure starts
// closed (its summary already counts the flagged ones). Reports stored before the checks listed
// values (no `values`) show nothing.
import type { QualityReport } from "../../api/types";
import { Icon, type IconName } from "../../components/Icon";
import { plural } from "../../lib/format";
import { explanation, FLAGGED, kindLabel, valuesOf, type ValueStatus } from "./valueSources";

const LOOKS: Record<ValueStatus, { icon: IconName; label: string }> = {
  grounded: { icon: "check-circle", label: "Com fonte" },
  derived: { icon: "check", label: "Calculado" },
  ai_only: { icon: "robot", label: "Sem fonte nos dados do ETP" },
  unsupported: { icon: "exclamation-triangle", label: "Sem fonte nos dados do ETP" },
};

interface Props {
  report: QualityReport | null | undefined;
  /** The template's labels of the type-specific fields (`campos`), by field name. */
  campoLabels?: Record<string, string>;
}

export function ValueSources({ report, campoLabels = {} }: Props) {
  const values = valuesOf(report);
  if (!values.length) return null;
  const flagged = values.filter((value) => FLAGGED.has(value.status));
  const ordered = [...flagged, ...values.filter((value) => !FLAGGED.has(value.status))];
  const counts = `${plural(values.length, "número reconhecido", "números reconhecidos")}${flagged.length ? `, ${flagged.length} sem fonte nos dados do ETP` : ""}`;
  return (
    <details className="etp-values">
      <summary>
        <span className="etp-values__title">De onde vêm os números</span> <span className="etp-values__counts">({counts})</span>
      </summary>
      <p className="etp-hint">
        Cada número ou valor encontrado no texto, com a origem que as verificações lhe atribuem. Os marcados sem fonte não constam dos dados do ETP, das instruções nem do texto de uma seção escrita ou revisada por uma pessoa.
      </p>
      <ul className="etp-values__list">
        {ordered.map((value, index) => {
          const look = LOOKS[value.status];
          const kind = kindLabel(value.kind);
          return (
            <li key={`${value.text}-${index}`} className={`etp-values__item etp-values__item--${value.status}`}>
              <span className="etp-values__value">
                <strong>{value.text}</strong>
                {kind ? <span className="etp-values__kind"> ({kind})</span> : null}
              </span>
              <span className="etp-values__status">
                <Icon name={look.icon} /> <span className="etp-values__label">{look.label}.</span> {explanation(value, campoLabels)}
              </span>
            </li>
          );
        })}
      </ul>
    </details>
  );
}
