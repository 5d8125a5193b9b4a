import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from awards.exports import loan_referrals_workbook, recommendations_workbook
from awards.queries import loan_referrals, recommendations_to_share
from awards.services import set_recommendation_consent
from registration.id_numbers import encrypt_id_number
from tests.awards.factories import LoanApplicationFactory, PartnerFactory, RecommendationFactory
from tests.factories import TeamMemberFactory

pytestmark = pytest.mark.django_db

ID_NUMBER = "11010519900101001X"


def sheets(content):
    workbook = load_workbook(io.BytesIO(content))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets}


@pytest.fixture
def recommendation(contest):
    recommendation = RecommendationFactory(entry__entrant__contest=contest, partner__name="河北省科学技术厅")
    TeamMemberFactory(
        entrant=recommendation.entry.entrant,
        name="张三",
        phone="+8613800138000",
        id_number_encrypted=encrypt_id_number(ID_NUMBER),
    )
    return recommendation


def test_partner_export_masks_id_numbers(contest, recommendation):
    rows = sheets(recommendations_workbook(recommendations_to_share(contest)))["河北省科学技术厅"]
    _header, row = rows
    cells = [str(cell) for cell in row if cell is not None]
    assert "110105********001X" in cells
    assert not any(ID_NUMBER in cell for cell in cells)
    assert "张三" in cells


def test_contact_details_only_with_consent_to_share_them(contest, recommendation):
    user = recommendation.entry.entrant.user
    [row] = sheets(recommendations_workbook(recommendations_to_share(contest)))["河北省科学技术厅"][1:]
    assert "13800138000" not in row
    set_recommendation_consent(entrant=recommendation.entry.entrant, given=True, share_contact=True, by=user)
    [row] = sheets(recommendations_workbook(recommendations_to_share(contest)))["河北省科学技术厅"][1:]
    assert "13800138000" in row


def test_withdrawn_consent_leaves_the_export(contest, recommendation):
    entrant = recommendation.entry.entrant
    set_recommendation_consent(entrant=entrant, given=False, by=entrant.user)
    assert list(recommendations_to_share(contest)) == []


def test_one_sheet_per_partner(contest, recommendation):
    other = PartnerFactory(contest=contest, name="石家庄市孵化器")
    RecommendationFactory(entry=recommendation.entry, partner=other)
    assert sorted(sheets(recommendations_workbook(recommendations_to_share(contest)))) == [
        "河北省科学技术厅",
        "石家庄市孵化器",
    ]
    assert list(sheets(recommendations_workbook(recommendations_to_share(contest, other)))) == ["石家庄市孵化器"]


def test_formula_like_names_stay_text(contest):
    RecommendationFactory(entry__entrant__contest=contest, entry__entrant__name="=HYPERLINK(1)", partner__name="P")
    workbook = load_workbook(io.BytesIO(recommendations_workbook(recommendations_to_share(contest))))
    cells = [cell for row in workbook["P"].iter_rows(min_row=2) for cell in row if cell.value == "=HYPERLINK(1)"]
    assert [cell.data_type for cell in cells] == ["s"]


def test_loan_referrals_export_lists_referred_applications_only(contest):
    bank = PartnerFactory(contest=contest, kind="bank", name="中国建设银行河北省分行")
    referred = LoanApplicationFactory(
        entrant__contest=contest,
        entrant__name="数据先锋",
        amount=Decimal("200000"),
        status="referred",
        referred_to=bank,
        referred_at="2027-07-01T10:00:00+08:00",
    )
    LoanApplicationFactory(entrant__contest=contest, entrant__name="未转介")
    [rows] = sheets(loan_referrals_workbook(loan_referrals(contest))).values()
    assert [row[:2] for row in rows[1:]] == [["中国建设银行河北省分行", "数据先锋"]]
    assert rows[1][7] == 200000
    assert referred.entrant.user.phone.removeprefix("+86") in rows[1]
