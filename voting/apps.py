from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "voting"
    verbose_name = _("Public vote")

    def ready(self):
        from accounts.services import register_personal_data
        from contest.areas import register_organizer_area
        from contest.home import register_home_panel
        from contest.signals import demo_loaded
        from registration.rules import register_entry_reader

        from . import demo, tasks
        from .exports import export_votes
        from .figures import voting_panel
        from .rules import is_public_finalist
        from .signals import counts_lost

        # Finalists' posters, videos and PDFs are public during and after the vote; the file
        # view of registration asks its registered readers (registration never imports voting).
        register_entry_reader(is_public_finalist)
        register_personal_data("voting", export=export_votes)
        register_organizer_area(
            label=_("Public vote"),
            description=_("Live leaderboard, suspicious clusters, penalties, publishing and the popularity award."),
            url_name="voting:organize:dashboard",
            order=30,
        )
        register_home_panel(key="voting", order=50, build=voting_panel)
        demo_loaded.connect(demo.load_demo_data, dispatch_uid="voting.demo_loaded")
        # The live store asks for a rebuild through a signal: it sits below the tasks.
        counts_lost.connect(tasks.queue_rebuild_counts, dispatch_uid="voting.counts_lost")
