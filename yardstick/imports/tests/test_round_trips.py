"""Every export imports back unchanged: into a fresh organisation (export again, and the two
exports are the same, byte for byte in CSV and row for row in Excel) and into its own
organisation (nothing changes)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.factories import UserFactory
from yardstick.imports.kinds import KINDS
from yardstick.imports.services import export_file, import_file
from yardstick.imports.tables import read_table
from yardstick.measures.models import Figure

from .conftest import row_counts

pytestmark = pytest.mark.django_db

EXTRAS = {
    "comparator-groups": (
        "group,group_name,area_code,area_name\n"
        "london,London boroughs,E09000015,Harrow\n"
        "london,London boroughs,E09000003,Barnet\n"
    ),
    "comparators": (
        "measure,period,area_code,area_name,value,source,taken_on\n"
        "BBH-01,2018-19 Q2,E09000003,Barnet,7.5,LG Inform metric 1234,2019-01-15\n"
    ),
    "units": (
        "code,name,kind,parent,head\n"
        "ASC,Adult Social Care,directorate,,alex\n"
        "ASC-REABLE,Reablement,service,ASC,\n"
        "ASC-REABLE-NORTH,Reablement north,team,ASC-REABLE,\n"
        "CSF,Children and families,directorate,,\n"
    ),
    "plans": (
        "year,code,kind,title,description,parent,unit\n"
        "2018/19,ASC-SIP,directorate,Adult social care improvement plan,Our plan,CORP,ASC\n"
    ),
    "themes": (
        "year,plan,code,title,kind,parent,description,position,portfolio_holder\n"
        "2018/19,CORP,BBH-HOMES,More homes,priority,BBH,Build more homes,1,alex\n"
        "2018/19,ASC-SIP,INDEP,Independent lives,theme,,,1,\n"
    ),
    "measures": (
        "code,title,polarity,unit,owner,themes,definition,high_green_threshold,minimum\n"
        "BBH-01,Number of new council houses built (cumulative),higher,ASC-REABLE,alex,"
        '2018/19 CORP/BBH; 2018/19 CORP/BBH-HOMES,"Homes built, counted at completion",7.5,0\n'
        "ASC-NEW,A new measure with no figures yet,lower,,,,,,\n"
    ),
    "history": (
        "scorecard,measure_no,title,good_is,period,target,actual,note,data_period,"
        "published_rating,published_on,commentary,proposed_action\n"
        "Build a Better Harrow,1,Number of new council houses built (cumulative),higher,"
        "2017-18 Q1,6,5,,,A,2017-08-20,Two sites slipped,Chase the builders\n"
    ),
    "targets": (
        "measure,period,target,scheme,amber_threshold\n"
        "ASC-NEW,2018-19 Q3,12.5,three_band,2.5\n"
        "BBH-01,2018-19 Q3,Year on year increase of 5%,,\n"
    ),
    "target-profiles": (
        "measure,method,by_hand,baseline_year,baseline,end_year,end\n"
        'BBH-01,by_hand,"10%, 20%, 30%, 40%",,,,\n'
        "ASC-NEW,evenly,,2018/19,20,2020/21,12.5\n"
    ),
    "figures": (
        "measure,period,actual,note,data_period,commentary,proposed_action,status\n"
        "ASC-NEW,2018-19 Q3,14,,Oct 18 - Nov 18,Two months only,Chase the third,draft\n"
    ),
    "statements": (
        "measure,status,accuracy,accuracy_assessment,validity,reliability,timeliness,"
        "relevance,completeness,completeness_assessment,risk,review_date,signed_off_by,"
        "signed_off_on\n"
        'BBH-01,signed_off,"Counted at completion, checked",met,As defined,Same report,'
        "Four weeks,Agreed,Late records added,partly,high,2019-09-30,alex,2019-04-02\n"
        "BBH-01,draft,Now checked weekly,,,,,,,,,,,\n"
        "ASC-NEW,draft,,,,,,,,,medium,2019-06-30,,\n"
    ),
    "actions": (
        "code,title,theme,owner,due_date,status,position\n"
        'KA-01,"Deliver 300 homes, with partners",2018/19 CORP/BBH,alex,2019-03-31,amber,1\n'
        "KA-02,Open the new leisure centre,,,,,\n"
    ),
    "action-updates": (
        "action,period,status,progress\n"
        "KA-01,2018-19 Q1,green,Planning permission granted\n"
        'KA-01,2018-19 Q2,amber,"Two sites delayed, one on track"\n'
    ),
    "milestones": (
        "key_project,title,planned,actual,position\n"
        "KA-01,Planning permission,2018-09-30,2018-10-12,1\n"
        'KA-01,"Building starts, north site",2019-04-01,,2\n'
    ),
    "bodies": (
        "name,short_name,kind,unit,parent,chair,members,pack_working_days\n"
        "Reablement group,RG,Management group,,Adult Social Care Improvement Board,,alex,\n"
        "Adult Social Care Improvement Board,ASCIB,improvement_board,ASC,,alex,alex,7\n"
    ),
    "meetings": (
        "body,date,time,place,status\n"
        "Adult Social Care Improvement Board,2019-01-15,10:00,Committee room 1,held\n"
        "Adult Social Care Improvement Board,2019-07-09,18:30,,planned\n"
        "Reablement group,2019-07-09,09:00,The hub,pack_published\n"
    ),
    "meeting-actions": (
        "body,date,time,text,owner,owner_body,owner_name,due,status,measure,key_project\n"
        "Adult Social Care Improvement Board,2019-01-15,10:00,Report on delays,,,"
        "Director of Adult Services,2019-03-01,open,BBH-01,KA-01\n"
        "Adult Social Care Improvement Board,2019-01-15,10:00,"
        '"Review the hot spots, with partners",,Reablement group,,,done,,\n'
        "Adult Social Care Improvement Board,2019-07-09,18:30,Bring the NHS figures,,,"
        "NHS trust (J. Smith),,dropped,,\n"
    ),
    "risk-registers": (
        "code,kind,title,unit,body,partnership\n"
        "ASC,directorate,Adult social care risks,ASC,,\n"
        "CORP,corporate,Corporate risks,,,\n"
        "RG,management_group,Reablement group risks,,Reablement group,\n"
    ),
    "risks": (
        "register,reference,title,category,owner,cause,event,effect,inherent_likelihood,"
        "inherent_impact,current_likelihood,current_impact,target_likelihood,target_impact,"
        "appetite,review_date,status,escalated_from,themes,measures,key_projects,partners\n"
        'ASC,ASC-01,Care market fails,operational,alex,"Fees, staff",No care,Delays,5,5,4,4,'
        "2,3,,2019-03-31,open,,2018/19 CORP/BBH,BBH-01,KA-01,\n"
        "CORP,CORP-01,Care market fails,operational,alex,,,,5,5,4,4,2,3,12,2019-03-31,open,"
        "ASC/ASC-01,,,,\n"
        "RG,RG-01,Hospital discharges stall,partnership,alex,,,,4,4,3,3,1,1,,2019-01-31,"
        "closed,,,,,\n"
    ),
    "risk-controls": (
        "register,reference,text,owner,added_on\n"
        "ASC,ASC-01,Weekly brokerage meeting,alex,2018-04-20\n"
        'ASC,ASC-01,"Contracts, reviewed monthly",,2018-05-01\n'
    ),
    "risk-actions": (
        "register,reference,text,owner,due,status,progress,updated_on,closed_on\n"
        "ASC,ASC-01,Recruit two providers,alex,2019-03-31,open,One signed,2018-11-02,\n"
        'ASC,ASC-01,"Review fees, with the market",alex,2018-09-30,done,Agreed,2018-09-20,'
        "2018-09-28\n"
        "CORP,CORP-01,Report to Cabinet,alex,2019-01-31,dropped,,,2018-12-01\n"
    ),
    "risk-reviews": (
        "register,reference,reviewed_on,reviewer,likelihood,impact,notes,next_review\n"
        "ASC,ASC-01,2018-04-20,alex,4,4,Risk identified.,2018-07-12\n"
        'ASC,ASC-01,2018-07-12,alex,3,4,"Better, with two providers",2018-10-11\n'
    ),
}


@pytest.fixture
def source(seeded, performance_officer):
    """The seeded council with something of every kind: a unit tree, a second plan, a
    priority, a measure with its themes and owner, targets with tolerances, a draft figure
    with commentary, key actions with their updates and milestones, bodies that meet, their
    meetings and the actions they agreed. Its people are Alex, in no organisation
    (so the same username can be named in any), and Priya, who imports."""
    UserFactory(username="alex", first_name="Alex", last_name="Jones", organisation=None)
    for kind, text in EXTRAS.items():
        result = import_file(seeded, kind, text.encode(), f"{kind}.csv", performance_officer)
        assert result.applied, (kind, result.changes.problems)
    return seeded


def import_everything(organisation, exports: dict[str, bytes], file_format: str) -> None:
    for kind, content in exports.items():
        result = import_file(organisation, kind, content, f"{kind}.{file_format}", None)
        assert result.applied, (kind, [str(p) for p in result.changes.problems])


def exports_of(organisation, file_format: str) -> dict[str, bytes]:
    return {kind: export_file(organisation, kind, file_format) for kind in KINDS}


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_every_kind_exports_and_imports_back_into_a_fresh_organisation(
    source, other_council, file_format
):
    first = exports_of(source, file_format)
    import_everything(other_council, first, file_format)
    second = exports_of(other_council, file_format)
    for kind in KINDS:
        before = read_table(first[kind], f"x.{file_format}")
        after = read_table(second[kind], f"x.{file_format}")
        assert after.columns == before.columns, kind
        assert [row.cells for row in after.rows] == [row.cells for row in before.rows], kind
        assert len(before.rows) > 0, kind
        if file_format == "csv":
            assert second[kind] == first[kind], kind


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_every_kind_exports_and_imports_back_into_its_organisation_changing_nothing(
    source, file_format
):
    exports = exports_of(source, file_format)
    before = row_counts()
    for kind, content in exports.items():
        result = import_file(source, kind, content, f"{kind}.{file_format}", None)
        assert result.applied, (kind, [str(p) for p in result.changes.problems])
        changed = [c for c in result.changes.changes if c.action != "unchanged"]
        assert changed == [], kind
    assert row_counts() == before


def test_the_scorecard_export_is_the_seed_in_the_printed_forms_of_the_stored_values(seeded):
    table = read_table(export_file(seeded, "scorecard", "csv"), "x.csv")
    rows = {
        (row.get("measure_no"), row.get("period"), row.get("scorecard")[:5]): row
        for row in table.rows
    }
    assert len(table.rows) == 255
    assert [table.rows[0].get(name) for name in ("measure_no", "period", "target", "actual")] == [
        "1",
        "2017-18 Q2",
        "6",
        "6",
    ]
    reoffending = rows[("8", "2017-18 Q2", "Prote")].cells
    assert (reoffending["target"], reoffending["actual"], reoffending["data_period"]) == (
        "Year on year reduction",
        "38.7% (53/137)",
        "Jul 15 - Sep 15",
    )
    calls = rows[("9", "2017-18 Q2", "Be mo")].cells
    assert (calls["target"], calls["actual"]) == ("01:30", "01:36")
    missing = rows[("18", "2018-19 Q1", "Build")].cells
    assert (missing["target"], missing["actual"], missing["note"]) == (
        "",
        "Not available",
        "Note 1",
    )


COMMENTARIES = [
    '=HYPERLINK("http://x","y")',
    "-1+1|cmd",
    "@SUM(A1)",
    "+44 20 7946 0000",
    "\tindented with a tab",
    "\rafter a carriage return",
]


@pytest.fixture
def injected(source):
    """Six figures of the council whose commentary would run in a spreadsheet. The first four
    arrive through an import (a person's file holds them as plain text); text leading with a
    tab or carriage return is stored as another door might store it."""
    lines = ["measure,period,actual,commentary"]
    lines += [
        f'ASC-NEW,2018-19 Q{quarter},{10 + quarter},"{text.replace(chr(34), chr(34) * 2)}"'
        for quarter, text in enumerate(COMMENTARIES[:4], start=1)
    ]
    result = import_file(source, "figures", "\n".join(lines).encode(), "figures.csv", None)
    assert result.applied, [str(p) for p in result.changes.problems]
    seeded_figures = Figure.objects.filter(measure__organisation=source, measure__code="BBH-01")
    first_two = seeded_figures.order_by("period__start")[:2]
    for figure, text in zip(first_two, COMMENTARIES[4:], strict=True):
        Figure.objects.filter(pk=figure.pk).update(commentary=text)
    return source


def commentaries(organisation) -> set[str]:
    return set(
        Figure.objects.filter(measure__organisation=organisation).values_list(
            "commentary", flat=True
        )
    )


def test_an_imported_file_keeps_text_that_would_run_as_plain_text(injected):
    assert set(COMMENTARIES) <= commentaries(injected)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_commentary_that_would_run_is_exported_neutralised_and_imports_back_unchanged(
    injected, file_format
):
    content = export_file(injected, "figures", file_format)
    if file_format == "csv":
        cells = {cell for line in csv.reader(io.StringIO(content.decode())) for cell in line}
    else:
        sheet = load_workbook(io.BytesIO(content)).active
        types = {cell.data_type for line in sheet.iter_rows() for cell in line}
        assert "f" not in types and "s" in types  # text, never a formula
        cells = {cell.value for line in sheet.iter_rows() for cell in line}
    assert {"'" + text for text in COMMENTARIES} <= cells
    assert not set(COMMENTARIES) & cells  # no cell as it would run
    before = row_counts()

    again = import_file(injected, "figures", content, f"figures.{file_format}", None)

    assert again.applied, [str(p) for p in again.changes.problems]
    assert [c for c in again.changes.changes if c.action != "unchanged"] == []
    assert row_counts() == before


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_commentary_that_would_run_reaches_a_fresh_organisation_as_it_was(
    injected, other_council, file_format
):
    first = exports_of(injected, file_format)

    import_everything(other_council, first, file_format)

    assert set(COMMENTARIES) <= commentaries(other_council)
    second = export_file(other_council, "figures", file_format)
    before = read_table(first["figures"], f"x.{file_format}")
    after = read_table(second, f"x.{file_format}")
    assert [row.cells for row in after.rows] == [row.cells for row in before.rows]


def test_a_negative_target_is_exported_as_a_plain_number(seeded):
    content = export_file(seeded, "targets", "csv").decode()
    cells = {cell for line in csv.reader(io.StringIO(content)) for cell in line}
    assert "-10%" in cells and "'-10%" not in cells
