from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registration.models import Entry, EntryRevision
from registration.services import submit_entry, update_entry
from tests.factories import EntrantFactory, EntryFactory, TeamMemberFactory, UserFactory
from tests.helpers import staff_login
from tests.registration.helpers import accept_files

CHANGELIST = "admin:registration_entry_changelist"
HTML = '<script>alert("x")</script>'


def changelist_codes(client, **params):
    response = client.get(reverse(CHANGELIST), params)
    assert response.status_code == 200
    return sorted(entry.code for entry in response.context["cl"].result_list)


# --- access -------------------------------------------------------------------------


def test_admin_entries_anonymous_is_sent_to_admin_login(client, submitted):
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_admin_entries_entrant_is_refused(client, submitted, owner):
    client.force_login(owner)
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_admin_entries_staff_without_permission_is_forbidden(client, submitted):
    staff = UserFactory(is_staff=True)
    staff_login(client, staff)
    assert client.get(reverse(CHANGELIST)).status_code == 403
    assert client.get(reverse("admin:registration_entry_export")).status_code == 403


def test_admin_entries_organizer_sees_list_and_entry(org_client, submitted):
    assert changelist_codes(org_client) == [submitted.code]
    listing = org_client.get(reverse(CHANGELIST), {"status__exact": "submitted"}).content.decode()
    assert f'href="{reverse("admin:registration_entry_export")}?status__exact=submitted"' in listing
    response = org_client.get(reverse("admin:registration_entry_change", args=[submitted.pk]))
    assert response.status_code == 200
    assert submitted.display_name in response.content.decode()


# --- filters and search -----------------------------------------------------------------


def test_admin_entries_filters(org_client, assorted, track):
    codes = {name: entry.code for name, entry in assorted.items()}
    assert changelist_codes(org_client, track__id__exact=track.pk) == sorted([codes["complete"], codes["checking"]])
    assert changelist_codes(org_client, status__exact="submitted") == [codes["complete"]]
    assert changelist_codes(org_client, kind__exact="app") == [codes["complete"]]
    assert changelist_codes(org_client, entrant__kind__exact="individual") == [codes["checking"]]
    assert changelist_codes(org_client, region="handan") == sorted([codes["complete"], codes["checking"]])
    assert changelist_codes(org_client, files="complete") == [codes["complete"]]
    assert changelist_codes(org_client, files="refused") == [codes["refused"]]
    assert changelist_codes(org_client, files="checking") == [codes["checking"]]
    assert changelist_codes(org_client, files="missing") == sorted([codes["refused"], codes["checking"]])


def test_admin_entries_search(org_client, assorted):
    entry = assorted["refused"]
    assert changelist_codes(org_client, q=entry.code) == [entry.code]
    assert changelist_codes(org_client, q=entry.entrant.name) == [entry.code]


def test_admin_entries_changelist_query_count_same_for_one_and_three(org_client, contest, track):
    def count():
        with CaptureQueriesContext(connection) as queries:
            response = org_client.get(reverse(CHANGELIST))
        assert response.status_code == 200
        return len(queries), len(response.context["cl"].result_list)

    accept_files(EntryFactory(entrant=EntrantFactory(contest=contest), track=track))
    org_client.get(reverse(CHANGELIST))
    one, shown = count()
    assert shown == 1
    for _ in range(2):
        accept_files(EntryFactory(entrant=EntrantFactory(contest=contest), track=track))
    three, shown = count()
    assert shown == 3
    assert three == one


# --- history -------------------------------------------------------------------------------


def test_admin_entry_history_lists_each_change(org_client, submitted, owner):
    update_entry(entry=submitted, by=owner, title="新作品名")
    content = org_client.get(reverse("admin:registration_entry_change", args=[submitted.pk])).content.decode()
    assert 'class="entry-history"' in content
    assert ": 一网通办助手 → 新作品名" in content
    assert str(EntryRevision.Action.EDIT.label) in content


def test_admin_entry_history_names_the_actor_not_the_random_username(org_client, submitted, owner):
    owner.display_name = ""
    owner.username = "uh7rhj595p7"
    owner.save(update_fields=["display_name", "username"])
    update_entry(entry=submitted, by=owner, title="新作品名")

    content = org_client.get(reverse("admin:registration_entry_change", args=[submitted.pk])).content.decode()

    assert "138****8000" in content
    assert "uh7rhj595p7" not in content


def test_admin_entry_history_names_the_changed_field_in_the_page_language(org_client, submitted, owner):
    update_entry(entry=submitted, by=owner, title="新作品名")
    org_client.cookies["django_language"] = "en"

    content = org_client.get(reverse("admin:registration_entry_change", args=[submitted.pk])).content.decode()

    assert "Work name: 一网通办助手 → 新作品名" in content


# --- disqualify and restore ---------------------------------------------------------------


def test_admin_disqualify_asks_for_ground_then_disqualifies(org_client, submitted, organizer):
    url = reverse(CHANGELIST)
    response = org_client.post(url, {"action": "disqualify_selected", "_selected_action": [submitted.pk]})
    assert response.status_code == 200
    assert "ground" in response.context["form"].fields
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    response = org_client.post(
        url,
        {
            "action": "disqualify_selected",
            "_selected_action": [submitted.pk],
            "confirm": "yes",
            "ground": "cheating_or_infringement",
            "note": "与他人作品雷同",
        },
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert (submitted.status, submitted.disqualification_ground, submitted.disqualification_note) == (
        "disqualified",
        "cheating_or_infringement",
        "与他人作品雷同",
    )
    last = submitted.revisions.order_by("-number").first()
    assert (last.action, last.changed_by_id, last.note) == ("disqualify", organizer.pk, "与他人作品雷同")


def test_admin_disqualify_without_ground_changes_nothing(org_client, submitted):
    response = org_client.post(
        reverse(CHANGELIST),
        {"action": "disqualify_selected", "_selected_action": [submitted.pk], "confirm": "yes", "ground": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ground"]
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_admin_restore_needs_a_note_and_restores(org_client, submitted, organizer):
    from registration.services import disqualify_entry

    disqualify_entry(entry=submitted, by=organizer, ground="illegal")
    org_client.post(
        reverse(CHANGELIST),
        {"action": "restore_selected", "_selected_action": [submitted.pk], "confirm": "yes", "note": "申诉成立"},
    )
    submitted.refresh_from_db()
    assert (submitted.status, submitted.disqualification_ground) == ("submitted", "")
    assert submitted.revisions.order_by("-number").first().note == "申诉成立"


def test_admin_disqualify_draft_reports_error_per_entry(org_client, complete_entry):
    response = org_client.post(
        reverse(CHANGELIST),
        {
            "action": "disqualify_selected",
            "_selected_action": [complete_entry.pk],
            "confirm": "yes",
            "ground": "illegal",
        },
        follow=True,
    )
    notes = [str(m) for m in response.context["messages"]]
    assert len(notes) == 1
    assert notes[0].startswith(f"{complete_entry.code}: ")
    complete_entry.refresh_from_db()
    assert complete_entry.status == "draft"


# --- entrants and personal data ------------------------------------------------------------


def test_admin_entrant_members_masked_without_permission(org_client, entrant):
    TeamMemberFactory(entrant=entrant, phone="+8613700137000", id_number_encrypted="")
    from registration.services import add_team_member

    add_team_member(
        entrant=entrant,
        by=entrant.user,
        name="李四",
        phone="13900139001",
        organisation="o",
        role="r",
        id_number="11010519491231002X",
    )
    content = org_client.get(reverse("admin:registration_entrant_change", args=[entrant.pk])).content.decode()
    assert "137****7000" in content
    assert "13700137000" not in content
    assert "110105********002X" in content
    assert "11010519491231002X" not in content


def test_admin_entrant_members_shown_with_permission(org_client, organizer, entrant):
    organizer.user_permissions.add(Permission.objects.get(codename="view_personal_data"))
    from registration.services import add_team_member

    add_team_member(
        entrant=entrant,
        by=entrant.user,
        name="李四",
        phone="13900139001",
        organisation="o",
        role="r",
        id_number="11010519491231002X",
    )
    content = org_client.get(reverse("admin:registration_entrant_change", args=[entrant.pk])).content.decode()
    assert "+8613900139001" in content
    assert "11010519491231002X" in content


def test_admin_pages_escape_html(org_client, contest, track, owner):
    entrant = EntrantFactory(contest=contest, user=owner, name=f"队{HTML}", organisation=HTML)
    TeamMemberFactory(entrant=entrant, name=HTML, organisation=HTML, role=HTML)
    entry = EntryFactory(
        entrant=entrant, track=track, title=HTML, display_name=f"队{HTML}+{HTML}", summary=HTML, keywords=HTML
    )
    accept_files(entry)
    entry.files.update(original_name=HTML)
    submit_entry(entry=entry, by=owner)
    update_entry(entry=entry, by=owner, summary=HTML + "2")
    pages = [
        reverse(CHANGELIST),
        reverse("admin:registration_entry_change", args=[entry.pk]),
        reverse("admin:registration_entrant_changelist"),
        reverse("admin:registration_entrant_change", args=[entrant.pk]),
    ]
    for url in pages:
        response = org_client.get(url)
        assert response.status_code == 200, url
        assert HTML not in response.content.decode(), url
    assert Entry.objects.count() == 1
