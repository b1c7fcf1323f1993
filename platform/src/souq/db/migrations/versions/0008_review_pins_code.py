"""review pins code: each app version pins the digest of the code it approved

An approved version now pins the installed distribution's files (``code_digest``, with
the ``distribution`` it came from), and installed code that differs comes back for
review as a new ``revision`` of the same version.

Versions approved before this revision pinned no code, and this migration cannot know
which code they were approved for, so it pins none: after the upgrade, an app that such
a version covers is not served (status ``CODE_CHANGED``, "approved before souq pinned
code") and its installed code waits for review as revision 2 of that version, until an
admin approves it (``souq apps approve SLUG VERSION``). Nothing is pinned on trust.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 16:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("app_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revision", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("code_digest", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("distribution", sa.String(length=200), nullable=True))
        batch_op.drop_constraint("uq_app_versions_app_id_version", type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_app_versions_app_id_version_revision"),
            ["app_id", "version", "revision"],
        )


def downgrade() -> None:
    op.execute("DELETE FROM app_versions WHERE revision > 1")
    with op.batch_alter_table("app_versions", schema=None) as batch_op:
        batch_op.drop_constraint("uq_app_versions_app_id_version_revision", type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_app_versions_app_id_version"), ["app_id", "version"]
        )
        batch_op.drop_column("distribution")
        batch_op.drop_column("code_digest")
        batch_op.drop_column("revision")
