"""import_participation: every row checked, errors with line numbers, nothing written on any."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from states.models import Participation, ParticipationList
from tests.states.builders import state_cast

pytestmark = pytest.mark.django_db

HEADER = "state,instrument,action,date,effective_date,source,provenance,note\n"
GOOD = "DD,alpha,accession,2005-05-05,,https://treaties.un.org/x,official,\n"


def write(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "status.csv"
    path.write_text(header + "".join(rows), encoding="utf-8")
    return path


def refused(tmp_path: Path, *rows: str) -> str:
    """The command's error for a file of `GOOD` then `rows`; asserts nothing was written."""
    before = Participation.objects.count()
    with pytest.raises(CommandError) as error:
        call_command("import_participation", str(write(tmp_path, GOOD, *rows)))
    assert Participation.objects.count() == before
    return str(error.value)


@pytest.fixture
def cast(db):
    return state_cast()


def test_import_writes_valid_rows_and_reports_progress(cast, tmp_path, capsys):
    call_command("import_participation", str(write(tmp_path, GOOD)))
    out = capsys.readouterr().out
    assert "1 rows valid" in out and "[1/1] records checked" in out and "1 created" in out
    assert Participation.objects.filter(state__code="DD", action="accession").exists()


def test_importing_the_same_file_twice_changes_nothing(cast, tmp_path, capsys):
    path = write(tmp_path, GOOD)
    call_command("import_participation", str(path))
    call_command("import_participation", str(path))
    assert "0 created, 0 updated, 1 unchanged" in capsys.readouterr().out


def test_unknown_state_is_refused_with_its_line_number(cast, tmp_path):
    message = refused(tmp_path, "ZZ,alpha,accession,2005-05-05,,src,official,\n")
    assert "status.csv, line 3: unknown State 'ZZ'" in message


def test_unknown_instrument_is_refused(cast, tmp_path):
    message = refused(tmp_path, "DD,omega,accession,2005-05-05,,src,official,\n")
    assert "line 3: unknown instrument 'omega'" in message


def test_unknown_action_is_refused(cast, tmp_path):
    message = refused(tmp_path, "DD,beta,adhesion,2005-05-05,,src,official,\n")
    assert "line 3: unknown action 'adhesion'" in message


def test_a_date_that_is_not_a_date_is_refused(cast, tmp_path):
    message = refused(tmp_path, "DD,beta,accession,2005-02-30,,src,official,\n")
    assert "line 3: date '2005-02-30' is not a date" in message


def test_a_date_in_the_future_is_impossible(cast, tmp_path):
    message = refused(tmp_path, "DD,beta,accession,2999-01-01,,src,official,\n")
    assert "line 3: date 2999-01-01 is impossible" in message


def test_an_effective_date_before_the_act_is_refused(cast, tmp_path):
    message = refused(tmp_path, "DD,beta,accession,2005-05-05,2005-01-01,src,official,\n")
    assert "line 3: effective_date 2005-01-01 is before the date 2005-05-05" in message


def test_a_withdrawal_without_the_date_it_takes_effect_is_refused(cast, tmp_path):
    message = refused(tmp_path, "AA,beta,withdrawal,2005-05-05,,src,official,\n")
    assert "line 3: a withdrawal needs the date it takes effect" in message


def test_a_withdrawal_before_joining_is_refused(cast, tmp_path):
    message = refused(tmp_path, "DD,beta,withdrawal,2005-05-05,2006-05-05,src,official,\n")
    assert "line 3: withdrawal on 2005-05-05 before DD joined beta" in message


def test_a_withdrawal_after_joining_in_the_same_file_is_accepted(cast, tmp_path):
    rows = (GOOD, "DD,alpha,withdrawal,2009-01-01,2010-01-01,src,official,\n")
    call_command("import_participation", str(write(tmp_path, *rows)))
    assert Participation.objects.filter(state__code="DD", action="withdrawal").exists()


def test_a_revocation_before_any_ratification_is_refused(cast, tmp_path):
    message = refused(tmp_path, "BB,alpha,revocation_of_ratification,2005-05-05,,src,official,\n")
    assert "line 3: revocation of ratification on 2005-05-05 before BB joined alpha" in message


def test_a_duplicate_row_is_refused_naming_the_first(cast, tmp_path):
    message = refused(tmp_path, GOOD)
    assert "line 3: the same act as line 2 (duplicate)" in message


def test_a_row_without_source_or_provenance_is_refused(cast, tmp_path):
    message = refused(tmp_path, "DD,beta,accession,2005-05-05,,,maybe,\n")
    assert "line 3: no source" in message and "line 3: provenance must be" in message


def test_every_error_of_the_file_is_listed_at_once(cast, tmp_path):
    message = refused(
        tmp_path,
        "ZZ,alpha,accession,2005-05-05,,src,official,\n",
        "DD,omega,accession,2005-05-05,,src,official,\n",
    )
    assert "2 error(s)" in message and "line 3" in message and "line 4" in message


def test_a_file_missing_a_column_is_refused(cast, tmp_path):
    path = write(tmp_path, "DD,alpha\n", header="state,instrument\n")
    with pytest.raises(CommandError, match="line 1: missing column"):
        call_command("import_participation", str(path))


def test_a_bad_list_file_writes_no_records_either(cast, tmp_path):
    lists = tmp_path / "lists.csv"
    lists.write_text(
        "instrument,as_of,as_of_note,source,provenance,note\nbeta,,,src,official,\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="give as_of"):
        call_command("import_participation", str(write(tmp_path, GOOD)), "--lists", str(lists))
    assert not Participation.objects.filter(state__code="DD").exists()
    assert not ParticipationList.objects.filter(instrument__slug="beta").exists()
