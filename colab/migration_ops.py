"""Migration operations of our own, for what Tortoise's built-in ones do badly on a backend."""

from __future__ import annotations

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
