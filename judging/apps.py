from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JudgingConfig(AppConfig):
    name = "judging"
    verbose_name = _("Judging")

    def ready(self):
        from contest.areas import register_organizer_area
        from contest.bulletins.registry import register_bulletin_section
        from contest.home import register_home_panel
        from contest.results import register_result_links
        from contest.signals import demo_loaded, stage_changed
        from registration.links import register_entry_links
        from registration.notices import register_notice_audiences
        from registration.rules import register_entry_reader

        from . import demo, queries, receivers, reports
        from .figures import judging_panel
        from .results import entry_result_links, result_links
        from .rules import is_assigned_judge_for_open_round

        # Registration serves entries and files without knowing about judging: it asks the
        # readers later stages register.
        register_entry_reader(is_assigned_judge_for_open_round)
        register_notice_audiences(queries.advanced_audiences)
        register_entry_links(entry_result_links)
        register_organizer_area(
            label=_("Judging"),
            description=_("Rounds: entries in, assignment, progress, ranking, advancement and results."),
            url_name="judging:organize:index",
            order=20,
        )
        register_home_panel(key="judging", order=40, build=judging_panel)
        register_result_links(key="judging", links=result_links)
        register_bulletin_section(key="judging", figures=reports.bulletin_figures, order=20)
        stage_changed.connect(receivers.on_stage_changed, dispatch_uid="judging.stage_changed")
        demo_loaded.connect(demo.load_demo_data, dispatch_uid="judging.demo_loaded")
