// /privacidade (public): the privacy notice under the LGPD (Lei 13.709/2018). The periods below are
// the platform's defaults (config/settings.py, services/backups, services/sessions, housekeeping);
// a deployment that changes them should change this text with them.
import { Link } from "react-router";

import { usePageTitle } from "../../components/usePageTitle";
import { LEGAL_UPDATED_AT } from "./dates";
import "./legal.css";

export const RETENTION = [
  { what: "Sua conta (nome, e-mail, perfil de acesso)", period: "Enquanto a conta existir. Ao excluí-la em Meus dados, nome e e-mail são anonimizados na hora." },
  { what: "ETPs, seções, versões e modelos", period: "Enquanto a organização os mantiver: são documentos do processo de contratação, sujeitos às regras de arquivo público." },
  { what: "Trilha de auditoria (quem fez o quê e quando, com IP e navegador)", period: "Mantida pela organização para prestação de contas; não é apagada pelo sistema. Quando a conta é excluída, as entradas passam a apontar para a conta anonimizada." },
  { what: "Arquivos exportados (PDF, DOCX, JSON, XML)", period: "90 dias após a geração; depois o arquivo é apagado." },
  { what: "Sessões de acesso (aparelho, IP, datas)", period: "Até 7 dias sem uso (validade da sessão); o registro é apagado 30 dias depois de a sessão terminar." },
  { what: "Links de troca de senha, de confirmação de e-mail e convites", period: "Valem 1 hora, 48 horas e 7 dias, respectivamente; são apagados quando vencem ou na exclusão da conta." },
  { what: "E-mails enviados pelo sistema", period: "30 dias." },
  { what: "Respostas do modelo de IA guardadas para reaproveitamento", period: "7 dias." },
  { what: "Cópias de segurança (backups) do banco de dados", period: "30 dias; depois o arquivo é apagado. Um dado excluído some dos backups quando o último backup que o contém vence." },
] as const;

export default function PrivacyPage() {
  usePageTitle("Aviso de privacidade");
  return (
    <article className="etp-legal" aria-labelledby="privacidade-titulo">
      <h1 id="privacidade-titulo">Aviso de privacidade</h1>
      <p className="etp-legal__updated">Atualizado em {LEGAL_UPDATED_AT}.</p>
      <p>
        Este aviso explica, em linguagem simples, quais dados pessoais o ETP Express trata, para quê, por quanto tempo e como
        você exerce os seus direitos, conforme a Lei Geral de Proteção de Dados Pessoais (LGPD, Lei nº 13.709/2018).
      </p>

      <nav className="etp-legal__toc" aria-label="Seções do aviso">
        <ol>
          <li><a href="#controlador">Quem é o controlador</a></li>
          <li><a href="#dados">Quais dados tratamos</a></li>
          <li><a href="#finalidades">Para que usamos e com que base legal</a></li>
          <li><a href="#ia">O modelo de inteligência artificial</a></li>
          <li><a href="#compartilhamento">Com quem os dados são compartilhados</a></li>
          <li><a href="#retencao">Por quanto tempo guardamos</a></li>
          <li><a href="#direitos">Seus direitos e como exercê-los</a></li>
          <li><a href="#cookies">Cookies</a></li>
          <li><a href="#seguranca">Segurança</a></li>
          <li><a href="#contato">Encarregado e contato</a></li>
        </ol>
      </nav>

      <h2 id="controlador">1. Quem é o controlador</h2>
      <p>
        O ETP Express é uma ferramenta usada por órgãos e entidades públicas para elaborar Estudos Técnicos Preliminares
        (art. 18 da Lei nº 14.133/2021). O <strong>controlador</strong> dos dados é a <strong>organização pública que
        usa o sistema</strong> e à qual a sua conta pertence (por exemplo, a prefeitura ou a secretaria em que você trabalha):
        é ela quem decide sobre o tratamento. Quem opera a plataforma atua como <strong>operador</strong>, seguindo as
        instruções da organização.
      </p>

      <h2 id="dados">2. Quais dados tratamos</h2>
      <ul>
        <li><strong>Dados da conta:</strong> nome, e-mail institucional, senha (guardada apenas como resumo criptográfico, nunca em texto), organização, perfil de acesso e datas de criação, confirmação do e-mail e último acesso.</li>
        <li><strong>Conteúdo dos ETPs:</strong> os dados da contratação e o texto das seções que você e sua equipe escrevem ou pedem ao modelo de IA, inclusive o nome e a matrícula do responsável técnico, quando informados.</li>
        <li><strong>Trilha de auditoria:</strong> o registro de quem fez cada ação (criar, editar, aprovar, exportar, entrar), com data, hora, endereço IP e navegador.</li>
        <li><strong>Dados de uso e de sessão:</strong> as sessões abertas (aparelho, IP, datas), os trabalhos pedidos (redações, exportações) e o consumo do modelo de IA da organização.</li>
      </ul>
      <p>O ETP Express não pede nem precisa de dados sensíveis (saúde, religião, biometria etc.) nem de CPF.</p>

      <h2 id="finalidades">3. Para que usamos e com que base legal</h2>
      <ul>
        <li><strong>Elaborar, revisar, aprovar e guardar ETPs</strong> da organização: execução de políticas públicas e cumprimento de obrigação legal pela administração pública (art. 7º, incisos II e III, e art. 23 da LGPD), no contexto da Lei nº 14.133/2021.</li>
        <li><strong>Controlar o acesso</strong> (contas, perfis, sessões) e <strong>manter a segurança</strong> do sistema: as mesmas bases legais, para proteger os dados da organização e de quem usa o sistema.</li>
        <li><strong>Prestar contas</strong> (trilha de auditoria, transparência e controle pelos órgãos de controle): cumprimento de obrigação legal (art. 7º, II).</li>
        <li><strong>Enviar e-mails do próprio serviço</strong> (confirmação de e-mail, convites, troca de senha, avisos de trabalhos).</li>
      </ul>
      <p>Os dados não são usados para publicidade, não são vendidos e não servem para decisões automatizadas sobre você.</p>

      <h2 id="ia">4. O modelo de inteligência artificial</h2>
      <p>
        Quando alguém pede uma redação, o sistema envia ao provedor do modelo de IA os <strong>dados da contratação</strong> do
        ETP (objeto, quantidades, valores, prazos, órgão, número do processo, responsável técnico), os campos específicos do
        tipo de contratação, o texto das seções anteriores e as instruções escritas por quem pediu. Não enviamos o seu e-mail
        nem os dados da sua conta. Antes do envio, o sistema substitui por marcadores os CPFs, e-mails e telefones que
        encontrar no texto.
      </p>
      <p>
        <strong>Não coloque dados pessoais nos campos do ETP</strong> além do necessário (por exemplo, nomes de fornecedores
        pessoas físicas, CPFs ou dados de saúde): o ETP é um documento público do processo de contratação.
      </p>
      <p>O texto gerado é uma minuta: a responsabilidade pelo conteúdo é de quem o revisa e assina (veja os <Link to="/termos">Termos de uso</Link>).</p>

      <h2 id="compartilhamento">5. Com quem os dados são compartilhados</h2>
      <ul>
        <li><strong>Provedor do modelo de IA</strong>, apenas com o conteúdo descrito na seção 4 e somente quando uma redação é pedida.</li>
        <li><strong>Serviço de e-mail</strong> usado pela organização, para entregar as mensagens do sistema.</li>
        <li><strong>Pessoas da sua organização</strong>, conforme o perfil de acesso de cada uma; pessoas de outras organizações não veem os seus dados nem os ETPs da sua organização.</li>
        <li><strong>Órgãos de controle e autoridades</strong>, quando a lei exigir.</li>
      </ul>

      <h2 id="retencao">6. Por quanto tempo guardamos</h2>
      <div className="etp-table-scroll" role="region" aria-label="Prazos de guarda dos dados" tabIndex={0}>
        <table>
          <caption className="visually-hidden">Prazos de guarda dos dados</caption>
          <thead>
            <tr>
              <th scope="col">Dado</th>
              <th scope="col">Prazo</th>
            </tr>
          </thead>
          <tbody>
            {RETENTION.map((row) => (
              <tr key={row.what}>
                <td>{row.what}</td>
                <td>{row.period}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>Estes são os prazos padrão da plataforma; a organização pode ajustá-los e, nesse caso, deve informar os prazos que adota.</p>

      <h2 id="direitos">7. Seus direitos e como exercê-los</h2>
      <p>Pelo art. 18 da LGPD, você pode pedir:</p>
      <ul>
        <li>a <strong>confirmação</strong> de que tratamos seus dados e o <strong>acesso</strong> a eles;</li>
        <li>a <strong>correção</strong> de dados incompletos, inexatos ou desatualizados;</li>
        <li>a <strong>anonimização, o bloqueio ou a eliminação</strong> de dados desnecessários ou tratados em desconformidade com a lei;</li>
        <li>a <strong>portabilidade</strong> dos dados;</li>
        <li>a <strong>informação</strong> sobre com quem os dados são compartilhados;</li>
        <li>a <strong>eliminação</strong> dos dados, ressalvadas as hipóteses de guarda previstas no art. 16 (como o cumprimento de obrigação legal).</li>
      </ul>
      <p>No próprio ETP Express, em <Link to="/conta">Meus dados</Link>, você:</p>
      <ul>
        <li>vê o seu perfil e corrige o seu nome;</li>
        <li>baixa uma cópia dos seus dados em formato JSON (<strong>Baixar meus dados</strong>);</li>
        <li>exclui a sua conta (<strong>Excluir minha conta</strong>): seu nome e e-mail são anonimizados e suas sessões, encerradas; os ETPs e a trilha de auditoria continuam com a organização, sem o seu nome, porque são registros que ela precisa manter.</li>
      </ul>
      <p>Para os demais pedidos, fale com o encarregado da sua organização (seção 10). Você também pode peticionar à Autoridade Nacional de Proteção de Dados (ANPD).</p>

      <h2 id="cookies">8. Cookies</h2>
      <p>O ETP Express usa somente cookies <strong>essenciais</strong>, sem os quais não é possível manter você conectado com segurança:</p>
      <ul>
        <li><strong>etp_refresh</strong>: mantém a sua sessão (inacessível a scripts — HttpOnly), válido por até 7 dias;</li>
        <li><strong>etp_csrf</strong>: protege contra requisições forjadas por outros sites.</li>
      </ul>
      <p>Não há cookies de publicidade, de análise ou de terceiros; por isso não pedimos consentimento para cookies. Ao sair, os dois cookies são apagados.</p>

      <h2 id="seguranca">9. Segurança</h2>
      <p>
        O acesso é feito por conexão cifrada; senhas são guardadas com resumo criptográfico resistente; sessões podem ser
        encerradas a qualquer momento em <Link to="/conta/senha">Senha e sessões</Link>; cada organização só vê os seus
        próprios dados; ações relevantes ficam na trilha de auditoria; e o banco de dados tem cópias de segurança
        verificadas.
      </p>

      <h2 id="contato">10. Encarregado e contato</h2>
      <p>
        Cada organização que usa o ETP Express indica o seu <strong>encarregado pelo tratamento de dados pessoais</strong>
        (art. 41 da LGPD) e publica a identidade e o contato dele no seu próprio sítio oficial, normalmente na página de
        privacidade ou da LGPD. Procure ali o canal da sua organização ou pergunte a quem administra o ETP Express nela.
      </p>
      <p>Mudanças neste aviso são publicadas nesta página, com a nova data de atualização.</p>
    </article>
  );
}
