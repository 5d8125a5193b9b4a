"""Whether a startup guarantee loan application fits the policy limits: plain data in, messages out.

No ORM here: `LoanPolicy` rows become `Limit`s in the service, and tests and the page that shows
the limits use the same functions. Every edge is inclusive: the plan's "≤ ¥200,000" accepts
exactly ¥200,000 and refuses ¥200,000.01.

Limits per applicant type (the plan's): an individual up to a per-person limit; a partnership
up to a per-person limit for each partner and a total; a small or micro firm up to a total.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

INDIVIDUAL = "individual"
PARTNERSHIP = "partnership"
SMALL_MICRO_FIRM = "small_micro_firm"


@dataclass(frozen=True)
class Limit:
    """One policy row: None means the policy sets no limit of that kind."""

    applicant_type: str
    per_person: Decimal | None
    total: Decimal | None


@dataclass(frozen=True)
class Application:
    applicant_type: str
    partners_count: int
    amount: Decimal


def yuan(amount):
    """¥200,000 or ¥200,000.50: how the messages and pages write an amount."""
    amount = Decimal(amount)
    text = f"{amount:,.2f}"
    return "¥" + (text[:-3] if text.endswith(".00") else text)


def ceiling(limit, partners_count):
    """The largest amount the limit allows for this many people (None: no limit)."""
    bounds = []
    if limit.per_person is not None:
        bounds.append(limit.per_person * max(partners_count, 1))
    if limit.total is not None:
        bounds.append(limit.total)
    return min(bounds) if bounds else None


def _people_problems(application):
    count = application.partners_count
    if count < 1:
        return [_("The number of people must be at least 1.")]
    if application.applicant_type == INDIVIDUAL and count != 1:
        return [_("An individual applies alone: the number of people must be 1.")]
    if application.applicant_type == PARTNERSHIP and count < 2:
        return [_("A partnership needs at least 2 people.")]
    return []


def _limit_problems(application, limit):
    problems = []
    amount, count = application.amount, application.partners_count
    if limit.per_person is not None and amount > limit.per_person * count:
        if count == 1:
            problems.append(
                _("%(amount)s is more than the limit of %(limit)s.")
                % {"amount": yuan(amount), "limit": yuan(limit.per_person)}
            )
        else:
            problems.append(
                _("%(amount)s is more than %(limit)s per person for %(count)d people (%(ceiling)s).")
                % {
                    "amount": yuan(amount),
                    "limit": yuan(limit.per_person),
                    "count": count,
                    "ceiling": yuan(limit.per_person * count),
                }
            )
    if limit.total is not None and amount > limit.total:
        problems.append(
            _("%(amount)s is more than the total limit of %(limit)s.")
            % {"amount": yuan(amount), "limit": yuan(limit.total)}
        )
    return problems


def loan_problems(application, limits):
    """The translated reasons the application does not fit; an empty list when it does.

    `limits` holds the policy rows of the contest, any order.
    """
    by_type = {limit.applicant_type: limit for limit in limits}
    limit = by_type.get(application.applicant_type)
    if limit is None:
        return [_("No loan policy covers this type of applicant.")]
    problems = _people_problems(application)
    if application.amount <= 0:
        problems.append(_("The amount sought must be more than ¥0."))
    elif not problems:
        problems.extend(_limit_problems(application, limit))
    return problems
