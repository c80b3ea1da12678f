// /termos (public): the terms of use of the ETP Express.
import { Link } from "react-router";

import { usePageTitle } from "../../components/usePageTitle";
import { LEGAL_UPDATED_AT } from "./dates";
import "./legal.css";

export default function TermsPage() {
  usePageTitle("Termos de uso");
  return (
    <article className="etp-legal" aria-labelledby="termos-titulo">
      <h1 id="termos-titulo">Termos de uso</h1>
      <p className="etp-legal__updated">Atualizado em {LEGAL_UPDATED_AT}.</p>
      <p>
        Ao usar o ETP Express você concorda com estes termos. Eles valem para todas as pessoas que acessam o sistema por
        meio de uma organização pública.
      </p>

      <h2 id="servico">1. O que é o serviço</h2>
      <p>
        O ETP Express ajuda equipes de órgãos e entidades públicas a elaborar o Estudo Técnico Preliminar (ETP) previsto
        no art. 18 da Lei nº 14.133/2021: organiza os 13 elementos do estudo, verifica o preenchimento, guarda versões,
        registra aprovações e exporta o documento. Um modelo de inteligência artificial (IA) pode sugerir o texto das seções.
      </p>

      <h2 id="ia">2. Textos gerados por IA são minutas</h2>
      <ul>
        <li>O texto sugerido pela IA é uma <strong>minuta</strong>: pode conter erros, omissões, valores ou referências legais inadequados.</li>
        <li><strong>Todo texto deve ser lido, conferido e ajustado</strong> por quem elabora o ETP antes de seguir no processo.</li>
        <li>O ETP é assinado e assumido pelo <strong>servidor ou pela equipe responsável</strong> e aprovado pela autoridade competente: a responsabilidade pelo conteúdo é deles, não do sistema nem do provedor do modelo.</li>
        <li>As verificações automáticas de qualidade apontam problemas comuns, mas não substituem a análise técnica e jurídica.</li>
      </ul>

      <h2 id="conta">3. Sua conta</h2>
      <ul>
        <li>A conta é pessoal e intransferível; use o e-mail institucional e uma senha forte, que só você conheça.</li>
        <li>Você entra em uma organização por convite ou por pedido aprovado por quem a administra.</li>
        <li>Encerre as sessões que não reconhecer em <Link to="/conta/senha">Senha e sessões</Link> e avise a administração da sua organização se suspeitar de uso indevido.</li>
        <li>Você pode baixar os seus dados ou excluir a conta a qualquer momento em <Link to="/conta">Meus dados</Link>.</li>
      </ul>

      <h2 id="uso">4. Uso aceitável</h2>
      <p>Ao usar o ETP Express, você se compromete a:</p>
      <ul>
        <li>usá-lo apenas para o trabalho da sua organização, dentro das suas atribuições;</li>
        <li>não inserir dados pessoais desnecessários, dados sensíveis ou informações sigilosas nos campos dos ETPs (veja o <Link to="/privacidade">Aviso de privacidade</Link>);</li>
        <li>não tentar acessar dados de outras organizações, contornar os controles de acesso ou os limites de uso, nem sobrecarregar o sistema;</li>
        <li>não usar o sistema, nem instruir o modelo de IA, para produzir conteúdo ilícito, discriminatório ou que direcione a contratação indevidamente;</li>
        <li>respeitar os direitos autorais e a legislação de contratações públicas.</li>
      </ul>
      <p>O uso em desacordo com estes termos pode levar à suspensão da conta pela organização, sem prejuízo das responsabilidades previstas em lei.</p>

      <h2 id="disponibilidade">5. Disponibilidade</h2>
      <ul>
        <li>O serviço é oferecido continuamente, mas pode ficar indisponível em manutenções, falhas ou quando o provedor do modelo de IA estiver fora do ar; a redação por IA pode ter um limite mensal de uso definido pela organização.</li>
        <li>O texto que você está editando é salvo automaticamente e guardado no navegador quando a conexão cai; ainda assim, confira se as alterações foram salvas.</li>
        <li>O banco de dados tem cópias de segurança diárias, verificadas; arquivos exportados ficam disponíveis por 90 dias.</li>
      </ul>

      <h2 id="dados">6. Dados pessoais</h2>
      <p>O tratamento dos seus dados segue o <Link to="/privacidade">Aviso de privacidade</Link> e a LGPD (Lei nº 13.709/2018).</p>

      <h2 id="mudancas">7. Mudanças nestes termos</h2>
      <p>
        Estes termos podem mudar para acompanhar a lei ou o serviço. A nova versão é publicada nesta página, com a data de
        atualização. Dúvidas: fale com quem administra o ETP Express na sua organização.
      </p>
    </article>
  );
}
