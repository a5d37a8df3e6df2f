"""Queries the ORM writes once per process, for the few that every page asks.

Django writes a query's SQL afresh each time it runs: for a query with subqueries that is
milliseconds of Python, where the database answers in a fraction of one (the periods list on
every scorecard page: some 5 ms written, 0.2 ms answered; benchmarks/README.md). A
`CompiledOnce` keeps the SQL the ORM wrote for a query of one argument, and runs it again
with another value in the argument's places. The query stays written once, in the ORM; only
its SQL text is reused.

The argument is found in the compiled parameters by a value no real query holds
(`PLACEHOLDER`), so it must be a number (an id) that the query uses as it is: compared,
never computed with. A query whose parameters do not hold it (the argument was not used) is
refused when first run. Every other value in the query is kept as first compiled, so a
query may hold constants (a status) but nothing that changes (today's date, a setting).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import RawQuerySet

# An id no database row has (ids are positive), distinct from every constant a query holds.
PLACEHOLDER = -7_318_264_095


class CompiledOnce:
    """A model query of one id (`build(id)` gives the QuerySet), compiled for each database
    (and each thread) the first time it runs there. `raw(id)` runs it as a RawQuerySet of
    the model, with any annotations as attributes. Related objects asked for with
    select_related are not loaded (the raw rows would hold two tables' columns under the
    same names): load them apart.
    `rows(id)` runs a `values_list` query and gives its tuples."""

    def __init__(self, build: Callable[[int], QuerySet]):
        self.build = build
        self.compiled: dict[tuple, tuple[QuerySet, object, str, tuple, tuple[int, ...]]] = {}

    def _compiled(self, alias: str):
        # Per thread: the compiler holds its thread's connection (for the converters).
        key = (alias, threading.get_ident())
        if key not in self.compiled:
            query = self.build(PLACEHOLDER)
            compiler = query.query.get_compiler(alias)
            sql, params = compiler.as_sql()
            places = tuple(i for i, value in enumerate(params) if value == PLACEHOLDER)
            if not places:
                raise ValueError("CompiledOnce: the query does not use its argument.")
            self.compiled[key] = (query, compiler, sql, tuple(params), places)
        return self.compiled[key]

    def _params(self, value: int, using: str) -> tuple[QuerySet, object, str, list]:
        query, compiler, sql, params, places = self._compiled(using)
        given = list(params)
        for place in places:
            given[place] = value
        return query, compiler, sql, given

    def raw(self, value: int, using: str = "default") -> RawQuerySet:
        query, _, sql, given = self._params(value, using)
        return query.model.objects.db_manager(using).raw(sql, given)

    def rows(self, value: int, using: str = "default") -> list[tuple]:
        """The rows of a `values_list` query of plain fields, as the ORM gives them: each
        value through its field's converters (a decimal on SQLite, a time made aware)."""
        query, compiler, sql, given = self._params(value, using)
        if query.query.annotation_select or query.query.extra_select or not query._fields:
            raise ValueError("CompiledOnce.rows: a values_list of fields, nothing added.")
        with connections[using].cursor() as cursor:
            cursor.execute(sql, given)
            fetched = cursor.fetchall()
        return list(compiler.results_iter(results=[fetched], tuple_expected=True))

    def sql(self, using: str = "default") -> str:
        return self._compiled(using)[2]
