"""Ingest: decoding, page chrome, and the split of a file into its stories."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import ingest

TEASERS = """Ministers agree new budget

The finance ministers of both countries met in Vienna on Monday and agreed a budget for the joint
rail project, officials said after talks that lasted most of the day.

Become a member

Photo: Reuters.

Related Articles

Reuters
2 hours ago
- Reuters
Oil prices climb on supply worries
Oil prices rose on Tuesday as traders weighed the risk of supply disruptions in the Middle East against
signs of weaker demand in China, the world's largest importer of crude oil, analysts said in notes.
"""


def test_related_articles_become_their_own_stories(tmp_path: Path) -> None:
    f = tmp_path / "page.txt"
    f.write_text(TEASERS, encoding="utf-8")
    stories = ingest.read_file(f)
    assert len(stories) == 2
    assert stories[0].title == "Ministers agree new budget"
    assert "Oil prices" not in stories[0].text
    assert stories[1].title == "Oil prices climb on supply worries"
    assert stories[1].id != stories[0].id and stories[1].story == 1


def test_page_chrome_is_dropped(tmp_path: Path) -> None:
    f = tmp_path / "page.txt"
    f.write_text(TEASERS, encoding="utf-8")
    text = " ".join(s.text for s in ingest.read_file(f))
    for chrome in ("Become a member", "Photo:", "2 hours ago", "- Reuters", "Related Articles"):
        assert chrome not in text


def test_inline_chrome_is_removed() -> None:
    stories = ingest.split_stories(
        "Headline here\n\nVenture (VG.N), opens new tab said on Monday that its plant (pictured) will open next "
        "year in the state, according to a filing made with the regulator this week.")
    body = stories[0][1][-1]
    assert "opens new tab" not in body and "(VG.N)" not in body and "(pictured)" not in body
    assert body.startswith("Venture said on Monday")


@pytest.mark.parametrize("raw", [
    "Caf\u00e9 owners met.".encode("utf-16"),
    "\ufeffCaf\u00e9 owners met.".encode(),
    "Caf\u00e9 owners met.".encode("cp1252"),
])
def test_decoding_handles_boms_and_legacy_encodings(raw: bytes) -> None:
    assert ingest.decode(raw, "x.txt") == "Caf\u00e9 owners met."


def test_binary_and_missing_files_are_clear_errors(tmp_path: Path) -> None:
    png = tmp_path / "image.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(ingest.InputError, match="image.txt"):
        ingest.read_file(png)
    with pytest.raises(ingest.InputError, match="nowhere"):
        ingest.discover([tmp_path / "nowhere"])


def test_html_goes_through_main_text_extraction(tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    body = " ".join(["The central bank raised interest rates on Thursday to curb inflation."] * 6)
    page.write_text(f"<html><head><title>Rates rise</title><script>var x = 1;</script></head><body>"
                    f"<nav>Home | World | Sport</nav><article><h1>Rates rise</h1><p>{body}</p></article>"
                    f"<footer>Subscribe to our newsletter</footer></body></html>", encoding="utf-8")
    story = ingest.read_file(page)[0]
    assert "central bank raised interest rates" in story.text
    assert "var x" not in story.text and "Home | World" not in story.text


def test_numeric_character_references_read_as_letters() -> None:
    from kg.ingest import normalise

    assert normalise("Yannick Nyanga (B&#233;ziers) and Pascal Pap&#xE9;") == "Yannick Nyanga (Béziers) and Pascal Papé"
    assert normalise("a reference to no character: &#1;") == "a reference to no character: &#1;"
