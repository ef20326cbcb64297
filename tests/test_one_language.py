"""One language per call (issue 25, item 2): ``--lang`` and a page's ``?lang=`` apply to every
name, relation and message printed, so the output of one language holds no entity label of the
other that differs from its own. What stays in the source's language is marked as such: the
quoted evidence („…“), the curator's notes in brackets, prefixed names (``person:Trotzki``), the
titles of works cited, and the profile's line that gives both names on purpose (``German: …
English: …``, ``also: …``)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

import graph
from graph.names import normalise
from kgapp.cli import main
from kgapp.server import Settings, create_app

OTHER = {"en": "de", "de": "en"}
#: entities whose profiles, timelines and chains reach many others
PEOPLE = ("Trotzki", "Stalin", "Kamenew", "Lenin", "Jakow")


def foreign_labels(kg: graph.KnowledgeGraph, lang: str) -> set[str]:
    """The labels in the other language that no entity has as a label in ``lang``, and that
    hold no label of ``lang`` (``Josef Stalin`` besides ``Stalin``)."""
    own = {normalise(e.label(lang)) for e in kg.entities.values()}
    other = OTHER[lang]
    return {
        e.label(other) for e in kg.entities.values()
        if normalise(e.label(other)) not in own
        and not any(re.search(rf"\b{re.escape(o)}\b", normalise(e.label(other))) for o in own if o)
    }


def readable(text: str) -> str:
    """``text`` without what stays in the source's language on purpose."""
    text = re.sub(r"„[^“]*“|\"[^\"]*\"", " ", text)  # quoted evidence
    text = re.sub(r"\[[^\[\]]*\]", " ", re.sub(r"\[[^\[\]]*\]", " ", text))  # notes, nested
    text = re.sub(r"\(\w+: [^()]*\)", " ", text)  # explain's (inferred: …) notes
    text = re.sub(r"\b[a-z]+:[\w-]+", " ", text)  # prefixed names
    lines = [x for x in text.splitlines()
             if not re.match(r"\s*(German|Deutsch|also|auch):", x)]
    return "\n".join(lines)


def leaked(kg: graph.KnowledgeGraph, text: str, lang: str) -> list[str]:
    shown = readable(text)
    return sorted(label for label in foreign_labels(kg, lang)
                  if re.search(rf"(?<!\w){re.escape(label)}(?!\w)", shown))


def test_the_check_sees_mixed_output(kg: graph.KnowledgeGraph) -> None:
    """The checker itself: German names in English output are found."""
    assert {"Zarizyn", "nationalsozialistisches Deutschland"} <= foreign_labels(kg, "en")
    assert "Tsaritsyn" in foreign_labels(kg, "de")
    assert leaked(kg, "  defended:\n    Zarizyn  [6: „Zarizyn“]", "en") == ["Zarizyn"]
    assert leaked(kg, "  person:Zarizyn „Zarizyn“ [inferred: Zarizyn]", "en") == []


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("command", ["show", "timeline"])
def test_show_and_timeline_speak_one_language(kg: graph.KnowledgeGraph, command: str,
                                              lang: str) -> None:
    for name in PEOPLE:
        result = CliRunner().invoke(main, [command, name, "--lang", lang])
        assert result.exit_code == 0, result.output
        assert leaked(kg, result.stdout, lang) == [], (command, name)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_explain_speaks_one_language(kg: graph.KnowledgeGraph, lang: str) -> None:
    result = CliRunner().invoke(main, ["explain", "Sytin", "Bucharin", "--lang", lang])
    assert result.exit_code == 0
    assert leaked(kg, result.stdout, lang) == []
    hops = {"en": "4 hops", "de": "4 Schritte"}[lang]
    assert hops in result.stdout.splitlines()[0]


@pytest.fixture(scope="module")
def client(kg: graph.KnowledgeGraph) -> Iterator[TestClient]:
    with TestClient(create_app(kg, Settings(workers=1))) as c:
        yield c


def _page_text(html: str) -> str:
    # the German and English names, and the aliases in both
    html = re.sub(r'<td (lang="(de|en)"|class="aliases")>.*?</td>', " ", html)
    html = re.sub(r"<(style|code|small|q)[^>]*>.*?</\1>", " ", html, flags=re.S)  # (q: quoted)
    html = re.sub(r'<ul class="references">.*?</ul>', " ", html, flags=re.S)  # works cited
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_entity_pages_speak_one_language(kg: graph.KnowledgeGraph, client: TestClient,
                                         lang: str) -> None:
    words = {"en": "Relations", "de": "Beziehungen"}
    for name in PEOPLE:
        page = client.get(f"/person/{name}", params={"lang": lang},
                          headers={"Accept": "text/html"})
        assert page.status_code == 200
        assert f'<html lang="{lang}">' in page.text and words[lang] in page.text
        assert leaked(kg, _page_text(page.text), lang) == [], name
        links = [x for x in re.findall(r'href="(/person/[^"]*)"', page.text)
                 if "?format=" not in x]  # (the RDF alternates have no language)
        assert links and all(x.endswith("?lang=de") == (lang == "de") for x in links)
    assert client.get("/person/Stalin", params={"lang": "fr"}).status_code == 400
