"""value model: the period of the unit price and the number of periods

An ETP's estimated total is unit price × quantity × number of periods (etp_app/drafting/values.py):
``periodicidade_preco`` says what the unit price covers (``unico`` once, ``mensal`` per month,
``anual`` per year) and ``numero_periodos`` how many periods the contract lasts (NULL: derived from
its duration, ``campos.vigencia_meses`` or ``prazo_execucao_dias``; always 1 for ``unico``).

Every existing ETP becomes a one-off price (``unico``, hence one period): the server default fills
the new NOT NULL column of the rows already stored, and their ``numero_periodos`` stays NULL, which
for ``unico`` means exactly one period. No stored text or value is touched. Downgrade drops the two
columns: the periodicity and the number of periods typed since the upgrade are lost (unavoidable,
the older schema has nowhere to keep them); every other value is kept.

Revision ID: 0007_value_model
Revises: 0006_provenance
Create Date: 2026-12-01 23:45:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0007_value_model"
down_revision = "0006_provenance"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        "etps", sa.Column("periodicidade_preco", sa.String(length=10), nullable=False, server_default="unico")
    )
    op.add_column("etps", sa.Column("numero_periodos", sa.Integer(), nullable=True))
    op.create_check_constraint(
        op.f("ck_etps_periodicidade_preco_valid"), "etps", "periodicidade_preco IN ('unico', 'mensal', 'anual')"
    )
    op.create_check_constraint(op.f("ck_etps_numero_periodos_positive"), "etps", "numero_periodos >= 1")


def downgrade():
    op.drop_constraint(op.f("ck_etps_numero_periodos_positive"), "etps", type_="check")
    op.drop_constraint(op.f("ck_etps_periodicidade_preco_valid"), "etps", type_="check")
    op.drop_column("etps", "numero_periodos")
    op.drop_column("etps", "periodicidade_preco")
