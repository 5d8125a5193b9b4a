"""Excel exports of the awards: the awards themselves, what each partner receives, and the loan
referrals.

Every sheet is laid out by `documents.spreadsheets.add_sheet`, so that a name starting with "="
stays a name.

A partner's sheet holds only what the entrant agreed to share: the work, the entrant's name and
the team's names always; the team leader's mobile number only with the consent to share
contact details; ID numbers always masked.
"""

from django.utils.translation import gettext as _

from documents.spreadsheets import add_sheet, excel_instant, new_workbook, workbook_bytes
from registration.id_numbers import decrypt_id_number, mask_id_number


def _workbook_bytes(sheets):
    """`sheets`: (title, header, rows) triples, in order."""
    workbook = new_workbook()
    for title, header, rows in sheets:
        add_sheet(workbook, title, header, rows)
    return workbook_bytes(workbook)


def _recommendation_header():
    return [
        _("Partner"),
        _("Status"),
        _("Entry code"),
        _("Display name"),
        _("Work name"),
        _("Track"),
        _("Summary"),
        _("Application scenario"),
        _("Results achieved or expected"),
        _("Entrant"),
        _("Entrant type"),
        _("Organisation"),
        _("Region"),
        _("Members"),
        _("Members' ID numbers (masked)"),
        _("Team leader"),
        _("Team leader's mobile number"),
        _("Recommended at"),
    ]


def _recommendation_row(recommendation):
    entry = recommendation.entry
    entrant = entry.entrant
    members = list(entrant.members.all())
    leader = next((m for m in members if m.is_leader), None)
    share_contact = recommendation.share_contact
    return [
        recommendation.partner.name,
        recommendation.get_status_display(),
        entry.code,
        entry.display_name,
        entry.title,
        entry.track.name,
        entry.summary,
        entry.scenario,
        entry.results,
        entrant.name,
        entrant.get_kind_display(),
        entrant.organisation,
        entrant.region_label,
        "、".join(m.name for m in members),
        "、".join(mask_id_number(decrypt_id_number(m.id_number_encrypted)) for m in members if m.has_id_number),
        leader.name if leader and share_contact else "",
        leader.phone.removeprefix("+86") if leader and share_contact else "",
        excel_instant(recommendation.created_at),
    ]


def recommendation_rows(recommendations):
    """Header and rows of a partner's export; `recommendations` come from `queries.recommendations_to_share`."""
    return _recommendation_header(), [_recommendation_row(r) for r in recommendations]


def recommendations_workbook(recommendations):
    """The .xlsx bytes: one sheet per partner, one row per recommendation the entrant still consents to."""
    by_partner = {}
    for recommendation in recommendations:
        by_partner.setdefault(recommendation.partner, []).append(recommendation)
    sheets = [(str(partner), *recommendation_rows(rows)) for partner, rows in by_partner.items()]
    return _workbook_bytes(sheets or [(_("Recommendations"), _recommendation_header(), [])])


def _loan_header():
    return [
        _("Bank"),
        _("Entrant"),
        _("Entrant type"),
        _("Organisation"),
        _("Region"),
        _("Applicant type"),
        _("Number of people"),
        _("Amount sought (CNY)"),
        _("Account mobile number"),
        _("Applied at"),
        _("Referred at"),
    ]


def _loan_row(application):
    entrant = application.entrant
    return [
        application.referred_to.name if application.referred_to else "",
        entrant.name,
        entrant.get_kind_display(),
        entrant.organisation,
        entrant.region_label,
        application.get_applicant_type_display(),
        application.partners_count,
        application.amount,
        # Applying asks the portal to pass the application on: the bank needs a number to call.
        (entrant.user.phone or "").removeprefix("+86"),
        excel_instant(application.created_at),
        excel_instant(application.referred_at),
    ]


def loan_referral_rows(applications):
    return _loan_header(), [_loan_row(a) for a in applications]


def loan_referrals_workbook(applications):
    """The .xlsx bytes of the referred applications, one row each (the portal refers; the bank decides)."""
    return _workbook_bytes([(_("Loan referrals"), *loan_referral_rows(applications))])


def award_rows(awards):
    header = [
        _("Award"),
        _("Track"),
        _("Place"),
        _("Display name"),
        _("Entrant"),
        _("Prize money (CNY)"),
        _("Status"),
        _("Published at"),
        _("Certificate codes"),
    ]
    rows = [
        [
            award.award_type.name,
            award.track.name if award.track else "",
            award.place,
            award.entry.display_name,
            award.entry.entrant.name,
            award.award_type.prize_money,
            award.get_status_display(),
            excel_instant(award.published_at),
            " ".join(certificate.code for certificate in award.certificates.all()),
        ]
        for award in awards
    ]
    return header, rows


def awards_workbook(awards):
    """The .xlsx bytes of the contest's awards, revoked ones included with their status."""
    return _workbook_bytes([(_("Awards"), *award_rows(awards))])
