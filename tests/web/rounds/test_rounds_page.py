"""/portal/<slug>/rounds/: a unit records its 差额 round per award; the page shows who the vote
puts forward; a refused record comes back as typed with the reasons; other people get a 404; the
unit's compliance reads the record instead of the typed 初始提名数."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from pingxuan.web.audit.models import AuditEvent
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.domain.compliance import unit_compliance
from pingxuan.web.rounds.models import Round
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import UNIT_A, make_persona, signed_in
from tests.web.rounds.conftest import MEDAL, record, vote_for

pytestmark = pytest.mark.django_db
URL = "/portal/zhengzhou-2024/rounds/"


@pytest.fixture
def clerk_a(campaign: Campaign) -> User:
    return make_persona(campaign, "clerk_a")


@pytest.fixture
def unit_a(campaign: Campaign) -> Unit:
    return Unit.objects.get(campaign=campaign, name=UNIT_A)


def form(*lines: tuple[str, str], present: str = "90", seats: str = "2") -> dict[str, object]:
    return {
        "award": MEDAL,
        "body": "职代会",
        "held_on": "2024-03-01",
        "members": "120",
        "present": present,
        "seats": seats,
        "resolution": "同意推荐得票最多的两名同志",
        "candidate": [name for name, _ in lines] + ["", ""],
        "votes": [votes for _, votes in lines] + ["", ""],
    }


THREE = (("张三", "40"), ("李四", "80"), ("王五", "60"))


def test_clerk_records_a_round_and_sees_who_it_puts_forward(clerk_a: User, unit_a: Unit):
    client = signed_in(clerk_a)

    response = client.post(URL, form(*THREE))

    assert response.status_code == 302
    stored = Round.objects.get(unit=unit_a, award=MEDAL)
    assert [(b.candidate, b.votes) for b in stored.ballots.all()] == [
        ("张三", 40),
        ("李四", 80),
        ("王五", 60),
    ]
    assert (stored.body, stored.members, stored.present, stored.seats) == ("职代会", 120, 90, 2)
    page = client.get(URL).content.decode()
    assert "表决产生的推荐对象：</strong>李四、王五" in page
    assert f"已保存“{MEDAL}”的差额表决记录" in page  # the success message, shown once
    assert f"已保存“{MEDAL}”的差额表决记录" not in client.get(URL).content.decode()
    event = AuditEvent.objects.get(action="round.create")
    assert event.unit_name == UNIT_A
    assert "张三" not in str(event.changes)  # counts in the audit, never names


def test_a_vote_without_quorum_is_refused_and_the_typing_kept(clerk_a: User):
    response = signed_in(clerk_a).post(URL, form(*THREE, present="70"))

    page = response.content.decode()
    assert response.status_code == 400
    assert "实到70人，不足应到120人的三分之二（至少80人），表决无效" in page
    assert 'value="王五"' in page and 'value="70"' in page
    assert not Round.objects.exists()


def test_no_difference_between_nominated_and_chosen_is_refused(clerk_a: User):
    response = signed_in(clerk_a).post(URL, form(("张三", "40"), ("李四", "80")))

    assert response.status_code == 400
    assert "差额评选须初始提名多于应选（至少3个）" in response.content.decode()
    assert not Round.objects.exists()


def test_unreadable_numbers_are_refused_in_chinese(clerk_a: User):
    data = form(*THREE)
    data["members"] = "一百二十"
    data["votes"] = ["40", "八十", "60"]

    response = signed_in(clerk_a).post(URL, data)

    page = response.content.decode()
    assert response.status_code == 400
    assert "“应到人数”请填写整数。" in page and "第2行：“得票”请填写整数。" in page
    assert 'value="一百二十"' in page


def test_a_second_record_replaces_the_first(clerk_a: User, unit_a: Unit):
    client = signed_in(clerk_a)
    client.post(URL, form(*THREE))

    client.post(URL, form(*THREE, ("赵六", "85")))

    stored = Round.objects.get(unit=unit_a, award=MEDAL)
    assert stored.ballots.count() == 4
    assert AuditEvent.objects.filter(action="round.update").count() == 1


@pytest.mark.parametrize("who", ["reviewer", "stranger", "other_campaign"])
def test_people_without_a_unit_in_the_campaign_get_404(campaign: Campaign, who: str):
    from django.contrib.auth import get_user_model

    if who == "reviewer":
        user = make_persona(campaign, "reviewer")
    else:
        user = get_user_model().objects.create_user(who)
    assert signed_in(user).get(URL).status_code == 404
    assert signed_in(user).post(URL, form(*THREE)).status_code == 404


def test_an_unknown_campaign_is_404(clerk_a: User):
    assert signed_in(clerk_a).get("/portal/nowhere-1999/rounds/").status_code == 404


def test_anonymous_is_sent_to_sign_in():
    response = Client().get(URL)

    assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_an_award_the_unit_has_no_places_for_is_refused(campaign: Campaign):
    user = make_persona(campaign, "clerk_b")  # 巩义市 has places for all three awards
    data = form(*THREE)
    data["award"] = "县五一劳动奖章"

    assert signed_in(user).post(URL, data).status_code == 400
    assert not Round.objects.exists()


def _process(campaign: Campaign, unit: Unit) -> list[tuple[str, str | None]]:
    found = unit_compliance(campaign, unit).findings
    return [(f.rule, f.award) for f in found if f.rule.startswith("process.")]


def test_compliance_reads_the_recorded_round(campaign: Campaign, clerk_a: User, unit_a: Unit):
    fill_unit(campaign, unit_a, clerk_a)
    names = [n.display_name for n in unit_a.nominations.filter(award=MEDAL, kind="综合表彰")]
    assert len(names) == 6
    # Without a count or a record, 三（二） cannot be confirmed for the medal.
    assert ("process.differential_unknown", MEDAL) in _process(campaign, unit_a)

    record(campaign, unit_a, vote_for(names, seats=6), clerk_a)
    assert [f for f in _process(campaign, unit_a) if f[1] == MEDAL] == []

    record(campaign, unit_a, vote_for(names, seats=5), clerk_a)
    assert ("process.round_exceeded", MEDAL) in _process(campaign, unit_a)


def test_over_long_text_is_refused_with_count_and_limit(clerk_a: User):
    data = form(*THREE)
    data["resolution"] = "同" * 2001
    data["candidate"] = ["张" * 201, "李四", "王五"]

    response = signed_in(clerk_a).post(URL, data)

    page = response.content.decode()
    assert response.status_code == 400
    assert "“决议”最多 2000 个字，现有 2001 个字。" in page
    assert "第1行：候选对象最多 200 个字。" in page
    assert "同" * 2001 in page
    assert not Round.objects.exists()
