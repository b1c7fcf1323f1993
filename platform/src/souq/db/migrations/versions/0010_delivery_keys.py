"""delivery keys: an app's idempotency key for a business message, one delivery per key

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 20:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("key", sa.String(length=100), nullable=True))
    op.create_index(
        "ux_deliveries_app_slug_user_id_key",
        "deliveries",
        ["app_slug", "user_id", "key"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("ux_deliveries_app_slug_user_id_key", table_name="deliveries")
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_column("key")
