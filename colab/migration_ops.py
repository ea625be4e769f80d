"""Migration operations of our own, for what Tortoise's built-in ones do badly on a backend."""

from __future__ import annotations

from typing import Any

from tortoise.migrations import operations as ops
from tortoise.migrations.schema_editor.base import BaseSchemaEditor
from tortoise.migrations.schema_generator.state import State


class AlterLengthOnly(ops.AlterField):
    """An AlterField that only lengthens a VARCHAR: applied where the length is enforced, skipped on SQLite.

    SQLite ignores VARCHAR lengths, and Tortoise rebuilds a SQLite table to alter a column, dropping
    every index of that table (and, foreign keys being on, cascading the drop to the rows that
    reference it). The migration state still records the new field.
    """

    async def database_forward(
        self, app_label: str, old_state: State, new_state: State, state_editor: BaseSchemaEditor | None = None
    ) -> None:
        if state_editor is not None and state_editor.DIALECT == "sqlite":
            return
        await super().database_forward(app_label, old_state, new_state, state_editor)

    async def database_backward(
        self, app_label: str, old_state: State, new_state: State, state_editor: BaseSchemaEditor | None = None
    ) -> None:
        if state_editor is not None and state_editor.DIALECT == "sqlite":
            return
        await super().database_backward(app_label, old_state, new_state, state_editor)


class AddFilledColumn(ops.AddField):
    """Add a NOT NULL column to a table that may hold rows: `fill` (an SQL literal) is written into the
    existing rows, a data step then sets their real values; the state records the model's field (no default)."""

    def __init__(self, model_name: str, name: str, field: Any, *, sql_type: str, fill: str) -> None:
        super().__init__(model_name, name, field)
        self.sql_type, self.fill = sql_type, fill

    async def database_forward(
        self, app_label: str, old_state: State, new_state: State, state_editor: BaseSchemaEditor | None = None
    ) -> None:
        if state_editor is None:
            return
        table = new_state.apps.get_model(f"{app_label}.{self.model_name}")._meta.db_table
        await state_editor.client.execute_script(
            f'ALTER TABLE "{table}" ADD COLUMN "{self.name}" {self.sql_type} NOT NULL DEFAULT {self.fill}'
        )
        if state_editor.DIALECT != "sqlite":  # SQLite cannot drop a default; it is never used by the app
            await state_editor.client.execute_script(f'ALTER TABLE "{table}" ALTER COLUMN "{self.name}" DROP DEFAULT')


class DropColumn(ops.RemoveField):
    """A RemoveField that drops the column in place: Tortoise rebuilds a SQLite table to remove one, losing
    its indexes (SQLite has had ALTER TABLE ... DROP COLUMN since 3.35)."""

    async def database_forward(
        self, app_label: str, old_state: State, new_state: State, state_editor: BaseSchemaEditor | None = None
    ) -> None:
        if state_editor is None:
            return
        table = old_state.apps.get_model(f"{app_label}.{self.model_name}")._meta.db_table
        await state_editor.client.execute_script(f'ALTER TABLE "{table}" DROP COLUMN "{self.name}"')


class AlterChoicesOnly(ops.AlterField):
    """An AlterField for a new value of a CharEnumField: the column is unchanged, only the state records it.

    The values live in the field's description; the column (a VARCHAR of the same length) needs nothing,
    and on SQLite Tortoise would rebuild the table for it, dropping its indexes.
    """

    async def database_forward(
        self, app_label: str, old_state: State, new_state: State, state_editor: BaseSchemaEditor | None = None
    ) -> None:
        return

    async def database_backward(
        self, app_label: str, old_state: State, new_state: State, state_editor: BaseSchemaEditor | None = None
    ) -> None:
        return
