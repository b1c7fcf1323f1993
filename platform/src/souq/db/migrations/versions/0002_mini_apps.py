"""mini-apps: app messages, state, calls, button presses

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 03:19:49.669725
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "app_state",
        sa.Column("app_slug", sa.String(length=32), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("app_slug", "scope", "subject", name=op.f("pk_app_state")),
    )
    op.create_table(
        "app_calls",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("app_slug", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("latency_ms", sa.Float(), nullable=False),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_app_calls_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_calls")),
    )
    with op.batch_alter_table("app_calls", schema=None) as batch_op:
        batch_op.create_index("ix_app_calls_app_time", ["app_slug", "created_at"], unique=False)

    op.create_table(
        "button_presses",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column(
            "message_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("button_id", sa.String(length=16), nullable=False),
        sa.Column(
            "result_message_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["messages.id"],
            name=op.f("fk_button_presses_message_id_messages"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["result_message_id"],
            ["messages.id"],
            name=op.f("fk_button_presses_result_message_id_messages"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_button_presses_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_button_presses")),
        sa.UniqueConstraint(
            "user_id", "client_id", name=op.f("uq_button_presses_user_id_client_id")
        ),
    )
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("app_slug", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column(
                "invoker_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
            )
        )
        batch_op.add_column(
            sa.Column(
                "visible_to", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
            )
        )
        batch_op.add_column(
            sa.Column(
                "reply_to_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
            )
        )
        batch_op.add_column(sa.Column("content", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("revision", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.alter_column("sender_id", existing_type=sa.INTEGER(), nullable=True)
        batch_op.alter_column(
            "client_message_id", existing_type=sa.VARCHAR(length=64), nullable=True
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_messages_visible_to_users"),
            "users",
            ["visible_to"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_messages_reply_to_id_messages"),
            "messages",
            ["reply_to_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_messages_invoker_id_users"),
            "users",
            ["invoker_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_messages_invoker_id_users"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_messages_reply_to_id_messages"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_messages_visible_to_users"), type_="foreignkey")
        batch_op.alter_column(
            "client_message_id", existing_type=sa.VARCHAR(length=64), nullable=False
        )
        batch_op.alter_column("sender_id", existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column("updated_at")
        batch_op.drop_column("revision")
        batch_op.drop_column("content")
        batch_op.drop_column("reply_to_id")
        batch_op.drop_column("visible_to")
        batch_op.drop_column("invoker_id")
        batch_op.drop_column("app_slug")

    op.drop_table("button_presses")
    with op.batch_alter_table("app_calls", schema=None) as batch_op:
        batch_op.drop_index("ix_app_calls_app_time")

    op.drop_table("app_calls")
    op.drop_table("app_state")
