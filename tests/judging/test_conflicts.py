"""Conflicts found from the data: organisation (normalised name or credit code), team member, account, declared."""

import pytest

from judging.conflicts import (
    ACCOUNT,
    CREDIT_CODE,
    DECLARED,
    ORGANISATION,
    TEAM_MEMBER,
    EntryIdentity,
    JudgeIdentity,
    conflicts,
    normalize_organisation,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("河北大学", " 河北大学 "),
        ("中国建设银行股份有限公司河北省分行", "中国建设银行股份有限公司 河北省分行"),
        ("石家庄数据科技有限责任公司", "石家庄数据科技有限公司"),
        ("河北（雄安）数字科技有限公司", "河北(雄安)数字科技有限公司"),  # full-width brackets
        ("Hebei Data Co., Ltd.", "HEBEI DATA CO LTD"),
    ],
)
def test_organisation_names_compare_after_normalising(a, b):
    assert normalize_organisation(a) == normalize_organisation(b)


def test_different_organisations_stay_different():
    assert normalize_organisation("河北大学") != normalize_organisation("河北工业大学")
    assert normalize_organisation("") == ""


def entry(**fields):
    return EntryIdentity.build(key=fields.pop("key", "E1"), entrant_key=fields.pop("entrant_key", 1), **fields)


def judge(key=7, **fields):
    return JudgeIdentity.build(key=key, **fields)


def test_same_organisation_as_the_entrant_or_a_member():
    found = conflicts(
        [entry(organisations=["河北大学"]), entry(key="E2", entrant_key=2, organisations=["", "河北大学 "])],
        [judge(organisation="河北大学")],
    )

    assert found == {"E1": {7: [ORGANISATION]}, "E2": {7: [ORGANISATION]}}


def test_credit_code_matches_whatever_the_names():
    found = conflicts(
        [entry(organisations=["某某科技"], credit_codes=["91130100mA0000000x"])],
        [judge(organisation="另一个名字", credit_code="91130100MA0000000X")],
    )

    assert found == {"E1": {7: [CREDIT_CODE]}}


def test_judge_on_the_team_by_phone_or_name():
    found = conflicts(
        [entry(phones=["+8613800000001"]), entry(key="E2", entrant_key=2, names=["王 伟"])],
        [judge(phone="+8613800000001", name="李娜"), judge(key=8, name="王伟")],
    )

    assert found == {"E1": {7: [TEAM_MEMBER]}, "E2": {8: [TEAM_MEMBER]}}


def test_judge_who_registered_the_entry():
    assert conflicts([entry(account=42)], [judge(account=42)]) == {"E1": {7: [ACCOUNT]}}


def test_declared_conflicts_with_an_entry_an_entrant_or_an_organisation():
    entries = [
        entry(key="E1", entrant_key=1),
        entry(key="E2", entrant_key=2),
        entry(key="E3", entrant_key=3, organisations=["某银行"]),
        entry(key="E4", entrant_key=4),
    ]
    judges = [judge(declared_entries=["E1"], declared_entrants=[2], declared_organisations=["某 银行"])]

    assert conflicts(entries, judges) == {"E1": {7: [DECLARED]}, "E2": {7: [DECLARED]}, "E3": {7: [DECLARED]}}


def test_empty_fields_never_match():
    assert conflicts([entry(organisations=[""], phones=[], names=[""])], [judge()]) == {}
