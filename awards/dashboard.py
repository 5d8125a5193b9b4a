"""What awards adds to pages of lower apps through their registries: the entrant's awards on the
dashboard (`registration.panels`) and the winners link of the public home page (`contest.results`)."""

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from contest.models import Stage
from contest.results import ResultLink

from .models import Award, Certificate


def entrant_panel(request, *, contest, entrant):
    """The entrant's published awards with their certificates, and the consent and loan pages (two queries)."""
    if entrant is None:
        return ""
    awards = list(
        Award.objects.filter(contest=contest, entry__entrant=entrant)
        .published()
        .select_related("award_type", "track", "entry")
        .prefetch_related(
            Prefetch("certificates", queryset=Certificate.objects.order_by("pk"), to_attr="certificate_list")
        )
        .order_by("award_type__order", "award_type__pk", "place", "pk")
    )
    if not awards:
        return ""
    return render_to_string("awards/entrant/_dashboard_panel.html", {"awards": awards}, request=request)


def result_links(contest, *, schedule, now):
    """The winners page, once the ceremony stage has opened and awards are published (one query then)."""
    ceremony = schedule.stage(Stage.Kind.CEREMONY)
    if ceremony is None or ceremony.starts_at > now:
        return []
    if not Award.objects.filter(contest=contest).published().exists():
        return []
    return [ResultLink(label=_("Winners"), url=reverse("awards:winners"), order=10)]
