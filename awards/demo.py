"""The awards' part of the demo contest.

Policy support: every demo gets the plan's loan limits and the co-hosting bank
(`set_up_policy`); from the promotion stage on, two more partners, recommendations of the
entries whose entrants consent, and a loan application referred to the bank, all through the
services, so the demo passes the same consent and limit checks as real use. Run again, it adds
nothing twice.
"""

from decimal import Decimal

from contest.models import Stage
from registration.models import Entrant

# --- policy
from .models import LoanApplication, Partner, Recommendation
from .queries import consenting_entries
from .services import apply_for_loan, recommend_entry, refer_loan_application, set_up_policy

DEMO_PARTNERS = (
    ("河北省科学技术厅", "Hebei Department of Science and Technology", Partner.Kind.DEPARTMENT),
    ("石家庄数字经济孵化器", "Shijiazhuang Digital Economy Incubator", Partner.Kind.INCUBATOR),
)


def load_policy_demo(sender, *, contest, stage, users, **kwargs):
    """Receiver of `contest.signals.demo_loaded`: limits and bank always; the rest from the promotion stage."""
    set_up_policy(contest=contest)
    kinds = list(Stage.Kind.values)
    if stage not in kinds or kinds.index(stage) < kinds.index(Stage.Kind.PROMOTION):
        return
    organizer = users["organizer"]
    partners = [
        Partner.objects.get_or_create(contest=contest, name=name, defaults={"name_en": name_en, "kind": kind})[0]
        for name, name_en, kind in DEMO_PARTNERS
    ]
    for index, entry in enumerate(consenting_entries(contest)[:4]):
        partner = partners[index % len(partners)]
        if not Recommendation.objects.filter(entry=entry, partner=partner).exists():
            recommend_entry(entry=entry, partner=partner, by=organizer, notes="演示推荐")
    _demo_loan(contest, users, organizer)


def _demo_loan(contest, users, organizer):
    entrant = Entrant.objects.filter(contest=contest, user=users.get("entrant1")).first()
    if entrant is None or LoanApplication.objects.filter(entrant=entrant).exists():
        return
    application = apply_for_loan(
        entrant=entrant, applicant_type="individual", partners_count=1, amount=Decimal("150000"), by=entrant.user
    )
    bank = Partner.objects.get(contest=contest, kind=Partner.Kind.BANK, is_cohost=True)
    refer_loan_application(application=application, partner=bank, by=organizer)
