"""Figures of the awards for the work bulletins: the winners, once published."""

from django.utils.translation import gettext as _

from contest.bulletins.registry import section, table

from .queries import published_awards


def bulletin_figures(contest, *, stage):
    """The winners of the published awards (display names, public on the winners page); None before."""
    awards = published_awards(contest)
    if not awards:
        return None
    return section(
        _("Awards"),
        facts=[(_("Awards published"), len(awards))],
        tables=[
            table(
                _("Winners"),
                [_("Award"), _("Track"), _("Place"), _("Winner")],
                [(a.award_type.name, a.track.name if a.track_id else "—", a.place, a.display_name) for a in awards],
            )
        ],
    )
