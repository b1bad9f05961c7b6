"""The generated 2024 campaign is compliant: every rule test below breaks exactly one thing."""

from pingxuan.core.findings import Stage


def test_generated_campaign_has_no_findings(rows, run):
    assert run(rows) == []


def test_generated_campaign_fills_every_place(spec, rows):
    medal = [r for r in rows["五一劳动奖章"] if r["表彰类型"] == "综合表彰"]
    assert (len(rows["五一劳动奖状"]), len(medal), len(rows["工人先锋号"])) == (74, 120, 80)


def test_spec_2024_totals_and_units(spec):
    totals = {award.name: award.total for award in spec.awards}
    assert totals == {"五一劳动奖状": 30, "五一劳动奖章": 120, "工人先锋号": 80}
    assert len(spec.units) == 37
    assert spec.units[0].name == "航空港经济综合试验区"
    assert spec.units[-1].name == "中央、省驻郑单位及其他"


def test_spec_2024_per_unit_places_add_up(spec):
    for award_name, total in (("五一劳动奖章", 120), ("工人先锋号", 80)):
        assert (
            sum(u.places[award_name].total for u in spec.units if award_name in u.places) == total
        )


def test_spec_2024_reference_date_is_preliminary_deadline(spec):
    assert spec.reference_date().isoformat() == "2024-03-20"
    assert spec.deadline("preliminary").at.isoformat() == "2024-03-20T23:59:59+08:00"


def test_final_stage_of_full_nomination_set_cuts_the_badge_pool(rows, run):
    found = run(rows, stage=Stage.FINAL, rule="quota.award_total")
    assert [(f.award, f.severity.value) for f in found] == [("五一劳动奖状", "error")]
