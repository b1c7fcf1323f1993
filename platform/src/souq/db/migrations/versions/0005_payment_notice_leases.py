"""payment notice leases: who tells an app its outcome, until when, and the receipt

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("payment_notices", schema=None) as batch_op:
        batch_op.add_column(sa.Column("claimed_by", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column(
                "reply_message_id",
                sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                nullable=True,
            )
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_payment_notices_reply_message_id_messages"),
            "messages",
            ["reply_message_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("payment_notices", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_payment_notices_reply_message_id_messages"), type_="foreignkey"
        )
        batch_op.drop_column("reply_message_id")
        batch_op.drop_column("claimed_until")
        batch_op.drop_column("claimed_by")
