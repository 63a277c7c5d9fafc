"""Finding a council or ICB as a user types it: codes, names, ambiguity, unknown names."""

from __future__ import annotations

import pytest

from workforce.errors import NotFound
from workforce.national.figures import load_uk
from workforce.national.lookup import Ambiguous, find


@pytest.fixture(scope="module")
def uk():
    return load_uk()


@pytest.mark.parametrize("query", ["Manchester", "manchester", "E08000003", "e08000003",
                                   " Manchester "])
def test_manchester_by_name_or_code(uk, query):
    assert find(uk, query, "la").code == "E08000003"


@pytest.mark.parametrize(("query", "code"), [
    ("Bristol", "E06000023"),  # "Bristol, City of"
    ("Edinburgh", "S12000036"),  # "City of Edinburgh"
    ("Hull", "E06000010"),  # a whole word: not Solihull
])
def test_a_name_matches_whole_words_without_the_common_ones(uk, query, code):
    assert find(uk, query, "la").code == code


@pytest.mark.parametrize("query", ["Greater Manchester", "QOP", "E54000057",
                                   "NHS Greater Manchester Integrated Care Board"])
def test_an_icb_by_name_code_or_nhs_code(uk, query):
    assert find(uk, query, "icb").code == "E54000057"


def test_an_ambiguous_name_lists_the_candidates(uk):
    with pytest.raises(Ambiguous) as caught:
        find(uk, "Newcastle", "la")
    assert str(caught.value) == (
        "'Newcastle' matches 2 councils: Newcastle upon Tyne (E08000021); "
        "Newcastle-under-Lyme (E07000195). Give the code or the full name")
    assert caught.value.exit_code == 2


def test_essex_is_three_icbs(uk):
    with pytest.raises(Ambiguous, match="'Essex' matches 3 ICBs"):
        find(uk, "Essex", "icb")


def test_an_unknown_name_names_the_closest(uk):
    with pytest.raises(NotFound) as caught:
        find(uk, "Manchestr", "la")
    assert str(caught.value).startswith(
        "no council 'Manchestr' in the bundled UK figures (closest: Manchester (E08000003)")
    assert caught.value.exit_code == 2


def test_a_council_is_not_an_icb(uk):
    with pytest.raises(NotFound, match="no ICB 'E08000003'"):
        find(uk, "E08000003", "icb")
