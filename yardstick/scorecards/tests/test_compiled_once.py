"""A query compiled once (yardstick.querying.CompiledOnce) answers what the ORM's own query
answers, for every value of its argument, and the periods list every scorecard page reads
through it is the ORM's."""

from __future__ import annotations

import pytest
from django.db.models import Count

from tests.factories import OrganisationFactory, ScorecardFactory, period
from yardstick.collection.services import publish_period
from yardstick.framework.models import Period
from yardstick.measures.models import Figure, Measure
from yardstick.querying import CompiledOnce
from yardstick.scorecards.queries import _choosable, choosable_periods
from yardstick.scorecards.rows import _ENTRIES, _entries
from yardstick.scorecards.tests.conftest import add_measures


def ids(periods) -> list[tuple[int, str]]:
    return [(p.id, getattr(p, "reporting_frequency", None)) for p in periods]


@pytest.mark.django_db
def test_a_compiled_query_answers_for_each_value_what_the_orm_answers():
    councils = [OrganisationFactory(), OrganisationFactory(), OrganisationFactory()]
    for council, keys in zip(
        councils, (["2018-19 Q1", "2018-19 Q2"], ["2017-18 Q4"], []), strict=True
    ):
        for key in keys:
            period(council, key)

    def build(organisation_id):
        return Period.objects.filter(organisation_id=organisation_id).order_by("-start")

    compiled = CompiledOnce(build)
    for council in councils:
        assert [p.id for p in compiled.raw(council.id)] == [p.id for p in build(council.id)]
    assert compiled.raw(councils[0].id)[0].key == "2018-19 Q2"  # rows are the model's


def test_a_query_that_does_not_use_its_argument_is_refused():
    compiled = CompiledOnce(lambda organisation_id: Period.objects.annotate(n=Count("id")))
    with pytest.raises(ValueError, match="does not use its argument"):
        compiled.sql()


@pytest.mark.django_db
@pytest.mark.parametrize("published_only", [False, True])
def test_the_periods_list_is_the_orms_for_each_council(published_only, scorecard, team_member):
    council = scorecard.organisation
    add_measures(council, scorecard, 3, officer=team_member)
    Figure.objects.filter(measure__organisation=council).update(commentary="Explained.")
    publish_period(period(council, "2017-18 Q2"), team_member)
    other = OrganisationFactory()
    period(other, "2018-19 Q1")
    for organisation_id in (council.id, other.id):
        shown = choosable_periods(organisation_id, published_only)
        assert ids(shown) == ids(_choosable(organisation_id, published_only))
        assert all(p.organisation.id == organisation_id for p in shown)
    assert choosable_periods(council.id, published_only)  # the test reads a real list


@pytest.mark.django_db
def test_a_scorecards_rows_are_the_orms_values_for_each_scorecard_and_reader(
    council, scorecard, team_member
):
    measures = add_measures(council, scorecard, 4, officer=team_member)
    Measure.objects.filter(pk=measures[0].pk).update(not_for_publication=True)
    other = ScorecardFactory(organisation=council)
    add_measures(council, other, 2, officer=team_member)
    for card in (scorecard, other):
        for internal in (True, False):
            rows = _ENTRIES[internal].rows(card.pk)
            assert rows == list(_entries(card.pk, internal))
    assert len(_ENTRIES[True].rows(scorecard.pk)) == 4
    assert len(_ENTRIES[False].rows(scorecard.pk)) == 3  # not for publication: left out


def test_rows_are_refused_for_a_query_that_is_not_plain_values():
    compiled = CompiledOnce(lambda organisation_id: Period.objects.filter(pk=organisation_id))
    with pytest.raises(ValueError, match="values_list of fields"):
        compiled.rows(1)


@pytest.mark.django_db
def test_periods_like_is_the_orms_for_each_council_and_type_with_the_organisation(
    django_assert_num_queries,
):
    from yardstick.measures.assessment import periods_like

    councils = [OrganisationFactory(), OrganisationFactory()]
    for key in ("2018-19 Q2", "2018-19", "2018-06", "2018-19 Q1", "2017-18 Q4"):
        period(councils[0], key)
    period(councils[1], "2018-19 Q1")
    for council in councils:
        for given in Period.objects.filter(organisation=council):
            bare = Period.objects.get(pk=given.pk)  # its organisation not loaded
            with django_assert_num_queries(2):  # the periods, then the organisation
                found = periods_like(bare)
            expected = list(  # the models' own order and query
                Period.objects.filter(organisation=council, type=given.type).select_related(
                    "organisation"
                )
            )
            assert [p.id for p in found] == [p.id for p in expected]
            assert {p.type for p in found} == {given.type}
            assert all(p.organisation.id == council.id for p in found)
            loaded = Period.objects.select_related("organisation").get(pk=given.pk)
            with django_assert_num_queries(1):  # the organisation already loaded: reused
                found = periods_like(loaded)
                cores = [p.as_core() for p in found]
            assert cores == [p.as_core() for p in expected]
    quarters = periods_like(Period.objects.get(organisation=councils[0], key="2018-19 Q2"))
    assert [p.key for p in quarters] == ["2017-18 Q4", "2018-19 Q1", "2018-19 Q2"]
