"""Every URL of the awards, with its full path; config/urls.py includes this module.

Audiences: the entrant's pages at /me/awards/… (`awards:<name>`); the organizers' pages at
/organize/awards/… (`awards:organize:<name>`), behind `accounts.gates.organizer_required`.
"""

from django.urls import include, path

# --- policy
from .views import entrant_policy, organize_policy

app_name = "awards"

# --- policy
policy_entrant_patterns = [
    path("me/awards/consent/", entrant_policy.consent, name="consent"),
    path("me/awards/loan/", entrant_policy.loan, name="loan"),
    path("me/awards/loan/<int:pk>/withdraw/", entrant_policy.loan_withdraw, name="loan_withdraw"),
]

policy_organize_patterns = [
    path("organize/awards/policy/recommendations/", organize_policy.recommendations, name="recommendations"),
    path("organize/awards/policy/recommendations/new/", organize_policy.recommend, name="recommend"),
    path(
        "organize/awards/policy/recommendations/<int:pk>/",
        organize_policy.recommendation_update,
        name="recommendation_update",
    ),
    path(
        "organize/awards/policy/recommendations.xlsx",
        organize_policy.recommendations_export,
        name="recommendations_export",
    ),
    path("organize/awards/policy/loans/", organize_policy.loans, name="loans"),
    path("organize/awards/policy/loans/<int:pk>/refer/", organize_policy.loan_refer, name="loan_refer"),
    path("organize/awards/policy/loans.xlsx", organize_policy.loans_export, name="loans_export"),
]

urlpatterns = [
    # --- policy
    *policy_entrant_patterns,
    path("", include((policy_organize_patterns, "organize"))),
]
