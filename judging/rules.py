"""Who may do what in judging; services and views ask these predicates.

* organizers manage everything (`accounts.rules.is_organizer`);
* a judge scores an assignment that is theirs and not recused (the window is the service's
  check, because it depends on the instant, not on the person);
* an assigned judge may read an entry and its files while a round it is assigned in is open
  (`is_assigned_judge_for_open_round`, registered with registration's entry readers).
"""

import rules
from django.utils import timezone

from accounts.rules import is_judge, is_organizer

from .models import Assignment


@rules.predicate
def is_own_active_assignment(user, assignment):
    return (
        user.is_authenticated
        and assignment is not None
        and assignment.recused_at is None
        and assignment.judge.user_id == user.pk
    )


def is_assigned_judge_for_open_round(user, entry):
    """A judge with an active assignment on `entry` in a round whose window is open now."""
    if not user.is_authenticated or not is_judge(user):
        return False
    now = timezone.now()
    return Assignment.objects.filter(
        judge__user=user,
        entry=entry,
        recused_at__isnull=True,
        round__stage__starts_at__lte=now,
        round__stage__ends_at__gt=now,
    ).exists()


rules.add_perm("judging.manage_judging", is_organizer)
rules.add_perm("judging.score_assignment", is_judge & is_own_active_assignment)

__all__ = ["is_assigned_judge_for_open_round", "is_judge", "is_organizer", "is_own_active_assignment"]
