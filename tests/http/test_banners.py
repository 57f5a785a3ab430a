"""Without JavaScript, an emergency or call-today summary opens with a banner of tap-to-call links; the embed
page ships the same banners for its script, the call-today one with the partner's nurse line."""

from __future__ import annotations

import re

import pytest

from tests.conftest import SEED

STEP = f"/assessments/{SEED}/questionnaire"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
CALM = "reason=want-specialist&red-flags=none&right-now=not-worse&treatment=started&comfort=comfortable"


def summary_page(client, body: str) -> str:
    response = client.http.post(STEP, body=body, headers=FORM)
    assert response.status_code == 200
    return response.body.decode()


def banner(html: str) -> str:
    return re.search(r'<div class="banner[^"]*">(.*?)</div>', html, re.S).group(1)


def calls(html: str) -> list[str]:
    return re.findall(r'<a class="call" href="([^"]+)">', banner(html))


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (["breathing"], ["tel:911"]),
        (["poison"], ["tel:18002221222", "tel:911"]),
        (["self-harm"], ["tel:988", "sms:988", "tel:911"]),
        # When 911 leads, an outranked action adds only what it says it adds when it follows (Poison Control
        # nothing: the emergency team takes over; 988 its support line), and each number once.
        (["seizure", "poison"], ["tel:911"]),
        (["poison", "self-harm"], ["tel:911", "tel:988", "sms:988"]),
        (["self-harm", "bleeding"], ["tel:911", "tel:988", "sms:988"]),
    ],
)
def test_an_emergency_summary_opens_with_the_calls_for_its_red_flags(client, flags, expected):
    body = "reason=want-specialist&" + "&".join(f"red-flags={f}" for f in flags) + "&current=red-flags&go=next"
    html = summary_page(client, body)
    assert html.index('<div class="banner urgent">') < html.index("Get care now</h2>"), "the banner comes first"
    assert calls(html) == expected


def test_a_call_today_summary_without_a_partner_names_the_doctors_office(client):
    html = summary_page(client, CALM.replace("not-worse", "worse") + "&needs=none&age=teen&current=age&go=next")
    assert '<div class="banner call-today">' in html
    assert "Call your child's doctor's office today." in banner(html) and calls(html) == []


def test_a_routine_summary_has_no_banner(client):
    html = summary_page(client, CALM + "&needs=none&age=teen&ready=sure&current=ready&go=next")
    assert 'class="banner' not in html


def test_the_red_flag_step_has_its_own_button_label_for_when_a_red_flag_is_picked(client):
    html = client.http.post(STEP, body="current=reason&reason=want-specialist&go=next", headers=FORM).body.decode()
    assert 'name="red-flags"' in html
    assert '<span class="unless-urgent">Next</span><span class="if-urgent">See what to do now</span>' in html


def test_the_embed_ships_both_banners_and_the_partners_nurse_line(client):
    html = client.http.get(f"/embed/{SEED}?partner=demo").body.decode()
    emergency = html.split('<template id="banner-emergency-template">', 1)[1].split("</template>", 1)[0]
    assert '<ul class="calls">\n</ul>' in emergency and "href" not in emergency  # the script adds the summary's calls
    call = html.split('<template id="call-template">', 1)[1].split("</template>", 1)[0]
    assert call == '<li><a class="call" href=""></a></li>'
    today = html.split('<template id="banner-call-today-template">', 1)[1].split("</template>", 1)[0]
    assert '<a class="call" href="tel:+15550100100">Call the Demo Pediatrics nurse line</a>' in today
    alone = client.http.get(f"/embed/{SEED}").body.decode()
    today = alone.split('<template id="banner-call-today-template">', 1)[1].split("</template>", 1)[0]
    assert "doctor's office today" in today and "tel:" not in today
