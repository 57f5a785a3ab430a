"""The words of the interface: one gettext catalog per locale, extracted by Babel and kept current."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from chalicelib.web import pages, served, words
from tests.conftest import SEED

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "chalicelib" / "web" / "locales"
EXTRACT = (
    "pybabel extract -F chalicelib/web/locales/babel.cfg --add-location=file --sort-output --no-wrap "
    '--project="Assessment Library" -o chalicelib/web/locales/messages.pot .'
)


def extracted() -> dict[str, set[str]]:
    """msgid -> the files it is in, as `pybabel extract` finds them today."""
    with (LOCALES / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: dict[str, set[str]] = {}
    for filename, _, message, _, _ in extract_from_dir(str(ROOT), method_map, options_map):
        found.setdefault(message if isinstance(message, str) else message[0], set()).add(filename)
    return found


def committed(path: Path) -> dict[str, set[str]]:
    with path.open("rb") as source:
        catalog = read_po(source)
    return {m.id if isinstance(m.id, str) else m.id[0]: {f for f, _ in m.locations} for m in catalog if m.id}


def test_the_message_template_is_current():
    assert committed(LOCALES / "messages.pot") == extracted(), f"messages.pot is stale: run `{EXTRACT}`"


def test_every_locale_catalog_has_every_message_of_the_template():
    wanted = set(committed(LOCALES / "messages.pot"))
    catalogs = sorted(LOCALES.glob("*/LC_MESSAGES/messages.po"))
    assert [p.parts[-3] for p in catalogs] == ["es"]
    for po in catalogs:
        update = f"pybabel update -i chalicelib/web/locales/messages.pot -d chalicelib/web/locales -l {po.parts[-3]}"
        assert set(committed(po)) == wanted, f"{po} is stale: run `{update}`"


def test_every_translated_catalog_translates_every_message():
    for po in sorted(LOCALES.glob("*/LC_MESSAGES/messages.po")):
        with po.open("rb") as source:
            catalog = read_po(source)
        untranslated = [
            m.id
            for m in catalog
            if m.id and (m.fuzzy or not all(m.string if isinstance(m.string, tuple) else (m.string,)))
        ]
        assert untranslated == [], f"{po} leaves these untranslated (or fuzzy): {untranslated}"


def test_english_needs_no_catalog_its_words_are_the_source_strings():
    """The template's msgids are English: with no English catalog, gettext gives each one back, plurals too."""
    assert not (LOCALES / "en").exists()
    with (LOCALES / "messages.pot").open("rb") as source:
        template = read_po(source)
    english = words.translations("en")
    for message in (m for m in template if m.id):
        if isinstance(message.id, tuple):
            assert [english.ngettext(*message.id, n) for n in (1, 2)] == list(message.id)
        else:
            assert words.gettext("en", message.id) == message.id


def test_dates_are_written_one_way_per_locale():
    day = datetime.date(2026, 11, 25)
    assert words.long_date(day, "en") == "November 25, 2026"
    assert words.long_date(day, "fr") == "25 novembre 2026"
    assert words.long_date(day, "xx") == "November 25, 2026", "a locale Babel does not know is written as English"


def test_open_graph_gets_the_locale_with_its_likeliest_country():
    assert [words.territory_locale(code) for code in ("en", "fr", "pt-BR")] == ["en_US", "fr_FR", "pt_BR"]


def test_a_second_language_is_a_catalog_plus_content_with_no_code_change(client, tmp_path, monkeypatch):
    # A throwaway French catalog, compiled as the build would, and content that offers French.
    catalog = Catalog(locale="fr")
    for english, french in {
        "Next": "Suivant",
        "Question %(number)s of %(total)s": "Question %(number)s sur %(total)s",
        "Checked by our editors on": "Vérifié par notre équipe le",
    }.items():
        catalog.add(english, french)
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as target:
        write_mo(target, catalog)
    monkeypatch.setattr(words, "LOCALES_DIR", tmp_path)
    words.reset()
    pages._env.cache_clear()
    try:
        served.catalog().locales.add("fr")
        html = client.http.get(f"/embed/{SEED}?locale=fr").body.decode()
    finally:
        words.reset()
        pages._env.cache_clear()
    assert '<html lang="fr">' in html
    assert ">Suivant</span>" in html and "Question 1 sur 8" in html
    assert "Vérifié par notre équipe le <time" in html and "30 novembre 2026" in html  # the seed's last_reviewed
    config = json.loads(re.search(r'id="embed-config">(.*?)</script>', html).group(1))
    assert config["locale"] == "fr" and config["messages"]["next"] == "Suivant"
    assert config["messages"]["finish"] == "See my summary", "a message the catalog lacks stays in English"
