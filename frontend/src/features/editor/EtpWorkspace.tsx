// The layout of one ETP (/etps/:etpId/*): breadcrumb, the ETP's title and status (as text: each child
// page has its own h1), a side navigation with the overview, the facts and the 13 incisos of art. 18
// § 1º (mandatory ones marked in text, each with its status), then the child page.
import { Link, NavLink, Outlet, useLocation, useParams } from "react-router";

import { ApiError, messageOf } from "../../api/errors";
import { useEtp, useSections } from "../../api/queries";
import type { Section } from "../../api/types";
import { Icon } from "../../components/Icon";
import { Loading } from "../../components/Loading";
import { Message } from "../../components/Message";
import { EtpStatusTag, SectionStatusTag } from "../../components/StatusTag";
import { usePageTitle } from "../../components/usePageTitle";
import "./editor.css";

function NotFound() {
  usePageTitle("ETP não encontrado");
  return (
    <div className="etp-workspace">
      <h1>ETP não encontrado</h1>
      <p>Este ETP não existe, foi excluído ou pertence a outra organização.</p>
      <p>
        <Link to="/etps">
          <Icon name="arrow-left" /> Voltar para Meus ETPs
        </Link>
      </p>
    </div>
  );
}

function SectionLink({ etpId, section }: { etpId: string; section: Section }) {
  return (
    <li className="etp-sidenav__item">
      <NavLink to={`/etps/${etpId}/secoes/${section.inciso ?? ""}`} className="etp-sidenav__link" end>
        <span className="etp-sidenav__name">
          {section.code} — {section.title}
        </span>
        {section.mandatory ? <span className="etp-sidenav__mandatory"> (obrigatória)</span> : null}
      </NavLink>
      <SectionStatusTag status={section.status} small />
    </li>
  );
}

export default function EtpWorkspace() {
  const { etpId = "" } = useParams();
  const location = useLocation();
  const etp = useEtp(etpId);
  const sections = useSections(etpId);

  if ((etp.error instanceof ApiError && etp.error.status === 404) || (sections.error instanceof ApiError && sections.error.status === 404)) {
    return <NotFound />;
  }

  const data = etp.data?.etp;
  const title = data?.title ?? "";
  const overview = `/etps/${etpId}`;
  const atOverview = location.pathname.replace(/\/$/, "") === overview;
  const completion = data?.completion;

  return (
    <div className="etp-workspace">
      <nav className="br-breadcrumb etp-breadcrumb" aria-label="Você está em">
        <ol className="crumb-list">
          <li className="crumb">
            <Link to="/etps">Meus ETPs</Link>
          </li>
          <li className="crumb" data-active={atOverview ? "active" : undefined}>
            <Icon name="chevron-right" className="icon" />
            {atOverview ? <span aria-current="page">{title || "ETP"}</span> : <Link to={overview}>{title || "ETP"}</Link>}
          </li>
        </ol>
      </nav>

      {etp.isError ? <Message kind="danger">{messageOf(etp.error)}</Message> : null}
      {data ? (
        <div className="etp-workspace__head">
          <p className="etp-workspace__title">{title}</p>
          <EtpStatusTag status={data.status} />
          {completion ? (
            <span className="etp-workspace__completion">
              {completion.mandatory_filled ?? 0} de {completion.mandatory_total ?? 5} obrigatórias · {completion.filled ?? 0} de {completion.total ?? 13}
            </span>
          ) : null}
        </div>
      ) : null}

      <div className="etp-workspace__grid">
        <nav className="etp-sidenav" aria-label="Seções do ETP">
          <ul className="etp-sidenav__list">
            <li className="etp-sidenav__item">
              <NavLink to={overview} className="etp-sidenav__link" end>
                <Icon name="home" /> Visão geral
              </NavLink>
            </li>
            <li className="etp-sidenav__item">
              <NavLink to={`${overview}/dados`} className="etp-sidenav__link" end>
                <Icon name="file-alt" /> Dados do ETP
              </NavLink>
            </li>
            <li className="etp-sidenav__item">
              <NavLink to={`${overview}/versoes`} className="etp-sidenav__link" end>
                <Icon name="history" /> Versões
              </NavLink>
            </li>
            <li className="etp-sidenav__item">
              <NavLink to={`${overview}/exportar`} className="etp-sidenav__link" end>
                <Icon name="download" /> Exportar
              </NavLink>
            </li>
          </ul>
          <p className="etp-sidenav__heading" id="secoes-lista">Seções (art. 18, § 1º)</p>
          {sections.isPending ? <Loading label="Carregando as seções…" /> : null}
          {sections.isError ? <Message kind="danger">{messageOf(sections.error)}</Message> : null}
          {sections.data ? (
            <ol className="etp-sidenav__list etp-sidenav__sections" aria-labelledby="secoes-lista">
              {sections.data.map((section) => (
                <SectionLink key={section.inciso} etpId={etpId} section={section} />
              ))}
            </ol>
          ) : null}
        </nav>
        <div className="etp-workspace__content">
          <Outlet />
        </div>
      </div>
    </div>
  );
}
