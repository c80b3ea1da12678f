// "Excluir ETP" (on the ETP's facts page): a confirmation that says where the ETP goes — the
// organization's trash, for the retention the API reports (GET /api/v1/trash/policy) — then
// DELETE /api/v1/etps/<id> and back to the list of ETPs.
import { useState } from "react";
import { useNavigate } from "react-router";

import { messageOf } from "../../../api/errors";
import { Dialog } from "../../../components/Dialog";
import { Icon } from "../../../components/Icon";
import { Message } from "../../../components/Message";
import { plural } from "../../../lib/format";
import { useMoveToTrash, useTrashPolicy } from "./api";

export function DeleteEtpButton({ etpId, title }: { etpId: string; title: string }) {
  const [open, setOpen] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const policy = useTrashPolicy();
  const remove = useMoveToTrash();
  const navigate = useNavigate();
  const days = policy.data?.retention_days;

  async function onConfirm() {
    setFailure(null);
    try {
      await remove.mutateAsync(etpId);
      setOpen(false);
      navigate("/etps");
    } catch (error) {
      setFailure(messageOf(error));
    }
  }

  return (
    <section className="etp-delete" aria-labelledby="excluir-etp-titulo">
      <h2 id="excluir-etp-titulo">Excluir o ETP</h2>
      <p>
        O ETP vai para a lixeira da organização{days ? ` por ${plural(days, "dia", "dias")}` : ""}, de onde um
        administrador pode restaurá-lo; depois disso, é excluído de vez.
      </p>
      <button type="button" className="br-button secondary" onClick={() => setOpen(true)}>
        <Icon name="trash-alt" /> Excluir ETP
      </button>
      <Dialog
        open={open}
        title="Excluir o ETP?"
        onClose={() => setOpen(false)}
        footer={
          <>
            <button type="button" className="br-button secondary" onClick={() => setOpen(false)}>
              Cancelar
            </button>
            <button type="button" className="br-button primary" onClick={onConfirm} disabled={remove.isPending}>
              <Icon name="trash-alt" /> {remove.isPending ? "Excluindo…" : "Mover para a lixeira"}
            </button>
          </>
        }
      >
        <p>
          “{title}” sai da lista de ETPs e vai para a lixeira da organização
          {days ? ` por ${plural(days, "dia", "dias")}` : ""}, com suas seções, versões e exportações. Nesse
          prazo, um administrador da organização pode restaurá-lo; depois, ele é excluído de vez.
        </p>
        {failure ? <Message kind="danger">{failure}</Message> : null}
      </Dialog>
    </section>
  );
}
