"""A citation written as BibTeX, RIS and CSL-JSON carries the same facts in each format."""

from __future__ import annotations

import datetime
import json
import re

from lib.citations import Reference, bibtex_escape, download, to_bibtex, to_csl_json, to_ris

REFERENCE = Reference(
    key="ost-art-4",
    title="Outer Space Treaty, Article IV & 50% of {everything}_#1",
    url="https://example.org/instruments/ost/art-4/?lang=fr",
    accessed=datetime.date(2026, 12, 3),
    version="corpus release 2026.11.0 (22 November 2026) with edits to 2026-12-02",
    note="Unverified transcription,\nnot checked.",
    issued=datetime.date(2026, 11, 22),
)


def bibtex_fields(text: str) -> dict[str, str]:
    return dict(re.findall(r"^  (\w+) = \{(.*)\},?$", text, re.MULTILINE))


def test_bibtex_escapes_every_latex_special_character():
    assert bibtex_escape(r"a & b % c $ d # e _ f { g } h ~ i ^ j \ k") == (
        r"a \& b \% c \$ d \# e \_ f \{ g \} h \~{} i \^{} j \textbackslash{} k"
    )


def test_bibtex_is_a_misc_entry_with_urldate_and_note():
    text = to_bibtex(REFERENCE)
    assert text.startswith("@misc{ost-art-4,\n") and text.endswith("}\n")
    fields = bibtex_fields(text)
    assert fields["title"] == r"Outer Space Treaty, Article IV \& 50\% of \{everything\}\_\#1"
    assert fields["url"] == REFERENCE.url
    assert fields["urldate"] == "2026-12-03"
    assert fields["note"] == "Unverified transcription, not checked."
    assert fields["version"].endswith("with edits to 2026-12-02")
    assert fields["year"] == "2026"
    # Every brace left unescaped is one of the entry's own.
    assert text.replace(r"\{", "").replace(r"\}", "").count("{") == len(fields) + 1


def test_ris_has_type_title_address_access_date_note_and_end_tags():
    text = to_ris(REFERENCE)
    lines = text.split("\r\n")
    tags = [line[:2] for line in lines if line]
    assert tags[0] == "TY" and tags[-1] == "ER"
    values = {line[:2]: line[6:] for line in lines if line}
    assert all(line[2:6] == "  - " for line in lines if line)
    assert values["TY"] == "ELEC"
    assert values["TI"] == REFERENCE.title
    assert values["UR"] == REFERENCE.url
    assert values["Y2"] == "2026/12/03"
    assert values["N1"] == "Unverified transcription, not checked."


def test_csl_json_is_a_list_of_one_webpage_with_title_url_and_accessed():
    (item,) = json.loads(to_csl_json(REFERENCE))
    assert item["type"] == "webpage"
    assert item["title"] == REFERENCE.title
    assert item["URL"] == REFERENCE.url
    assert item["accessed"] == {"date-parts": [[2026, 12, 3]]}
    assert item["issued"] == {"date-parts": [[2026, 11, 22]]}
    assert item["note"] == REFERENCE.note


def test_a_citation_of_official_text_has_no_note():
    official = Reference("k", "T", "https://example.org/", datetime.date(2026, 1, 2), "v")
    assert "note" not in bibtex_fields(to_bibtex(official))
    assert "\r\nN1  - " not in to_ris(official)
    assert "note" not in json.loads(to_csl_json(official))[0]


def test_each_download_has_its_content_type_and_a_file_name():
    expected = {
        "bibtex": ("application/x-bibtex", "ost-art-4.bib"),
        "ris": ("application/x-research-info-systems", "ost-art-4.ris"),
        "csl": ("application/vnd.citationstyles.csl+json", "ost-art-4.json"),
    }
    for fmt, (content_type, name) in expected.items():
        response = download(REFERENCE, fmt)
        assert response["Content-Type"] == f"{content_type}; charset=utf-8"
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'
