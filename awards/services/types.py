"""The award types of an edition: the plan's table, loaded once."""

from django.db import transaction

from ..defaults import AWARD_TYPES
from ..models import AwardType


def create_default_award_types(*, contest):
    """Create the plan's award types the contest lacks (by name); returns the ones created.

    Idempotent: types already there, edited or not, are left as they are.
    """
    with transaction.atomic():
        existing = set(AwardType.objects.filter(contest=contest).values_list("name", flat=True))
        return AwardType.objects.bulk_create(
            [
                AwardType(
                    contest=contest,
                    name=name,
                    name_en=name_en,
                    order=order,
                    scope=scope,
                    count=count,
                    prize_money=money,
                    certificate_wording=wording,
                    certificate_wording_en=wording_en,
                )
                for order, (name, name_en, scope, count, money, wording, wording_en) in enumerate(AWARD_TYPES, 1)
                if name not in existing
            ]
        )
