"""The awards' part of the demo contest, all through the services, so the demo passes the same
checks as real use; run again, it adds nothing twice.

- Always: the plan's award types, loan limits and the co-hosting bank.
- From the ceremony on: the awards allocated from the released final ranking (when the judging
  demo released one), ties resolved, single awards for the other finalists, confirmed and
  published.
- From the promotion stage on: two more partners, recommendations of the entries whose
  entrants consent, and a loan application referred to the bank.
"""

import logging
from decimal import Decimal

from django.core.exceptions import ValidationError

from accounts.rules import is_organizer
from contest.models import Stage
from registration.models import Entrant

from . import queries, services
from .models import LoanApplication, Partner, Recommendation

logger = logging.getLogger(__name__)

DEMO_PARTNERS = (
    ("河北省科学技术厅", "Hebei Department of Science and Technology", Partner.Kind.DEPARTMENT),
    ("石家庄数字经济孵化器", "Shijiazhuang Digital Economy Incubator", Partner.Kind.INCUBATOR),
)


def _reached(stage, kind):
    kinds = list(Stage.Kind.values)
    return stage in kinds and kinds.index(stage) >= kinds.index(kind)


def load_demo_data(sender, *, contest, stage, users, **kwargs):
    """Receiver of `contest.signals.demo_loaded`."""
    services.create_default_award_types(contest=contest)
    services.set_up_policy(contest=contest)
    organizer = next((u for u in users.values() if is_organizer(u)), None)
    if organizer is None:
        return
    if _reached(stage, Stage.Kind.CEREMONY):
        _load_awards(contest, organizer)
    if _reached(stage, Stage.Kind.PROMOTION):
        _load_policy(contest, users, organizer)


def _load_awards(contest, organizer):
    if contest.awards.exists() or not queries.released_final_rounds(contest):
        return
    try:
        services.allocate_awards(contest=contest, by=organizer)
        for award in contest.awards.filter(tied=True).select_related("entry"):
            services.resolve_tie(award=award, entry=award.entry, reason="演示：组委会决定", by=organizer)
        single = queries.single_award_types(contest)
        for index, entry in enumerate(queries.finalists_without_award(contest)):
            services.assign_single_award(
                contest=contest, award_type=single[index % len(single)], entry=entry, reason="", by=organizer
            )
        services.confirm_awards(contest=contest, by=organizer)
        services.publish_awards(contest=contest, by=organizer)
    except ValidationError as exc:
        logger.warning("demo awards not allocated: %s", " ".join(exc.messages))


def _load_policy(contest, users, organizer):
    partners = [
        Partner.objects.get_or_create(contest=contest, name=name, defaults={"name_en": name_en, "kind": kind})[0]
        for name, name_en, kind in DEMO_PARTNERS
    ]
    for index, entry in enumerate(queries.consenting_entries(contest)[:4]):
        partner = partners[index % len(partners)]
        if not Recommendation.objects.filter(entry=entry, partner=partner).exists():
            services.recommend_entry(entry=entry, partner=partner, by=organizer, notes="演示推荐")
    entrant = Entrant.objects.filter(contest=contest, user=users.get("entrant1")).first()
    if entrant is None or LoanApplication.objects.filter(entrant=entrant).exists():
        return
    application = services.apply_for_loan(
        entrant=entrant, applicant_type="individual", partners_count=1, amount=Decimal("150000"), by=entrant.user
    )
    bank = Partner.objects.get(contest=contest, kind=Partner.Kind.BANK, is_cohost=True)
    services.refer_loan_application(application=application, partner=bank, by=organizer)
