import { Link } from "react-router";

import { usePageTitle } from "../components/usePageTitle";

export default function NotFoundPage() {
  usePageTitle("Página não encontrada");
  return (
    <>
      <h1>Página não encontrada</h1>
      <p>O endereço não existe ou o conteúdo não está disponível para a sua organização.</p>
      <p><Link to="/etps">Voltar para os seus ETPs</Link></p>
    </>
  );
}
