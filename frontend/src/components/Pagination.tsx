// Previous / "Página n de m" / next for a list paged by the API (X-Pagination); nothing for one page.
import type { Pagination as PageInfo } from "../api/types";
import { Icon } from "./Icon";

export function Pagination({
  pagination,
  onPage,
  label,
  previous = "Anterior",
  next = "Próxima",
}: {
  pagination: PageInfo | null | undefined;
  onPage: (page: number) => void;
  /** The navigation's accessible name, e.g. "Paginação dos ETPs". */
  label: string;
  previous?: string;
  next?: string;
}) {
  if (!pagination || pagination.total_pages <= 1) return null;
  const { page, total_pages: pages } = pagination;
  return (
    <nav className="br-pagination etp-pagination" aria-label={label}>
      <ul>
        <li>
          <button className="br-button secondary small" type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
            <Icon name="chevron-left" /> {previous}
          </button>
        </li>
        <li>
          <span className="etp-pagination__label" aria-current="page">{`Página ${page} de ${pages}`}</span>
        </li>
        <li>
          <button className="br-button secondary small" type="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
            {next} <Icon name="chevron-right" />
          </button>
        </li>
      </ul>
    </nav>
  );
}
