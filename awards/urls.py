"""Every URL of awards, with its full path from the site root, by audience.

* the entrant's pages at /me/awards/…: `awards:<name>`;
* organizers, under /organize/awards/: `awards:organize:<name>` (behind the staff gate);
* the public winners page at /awards/ (`awards:winners`) and the certificate check at
  /verify/<code>/ (`awards:verify`).
"""

from django.urls import include, path

from .views import (
    entrant_certificates,
    entrant_policy,
    organize,
    organize_certificates,
    organize_policy,
    public,
    public_verify,
)

app_name = "awards"

organize_patterns = [
    # Allocation, confirmation, revocation, publishing.
    path("organize/awards/", organize.index, name="index"),
    path("organize/awards/allocate/", organize.allocate, name="allocate"),
    path("organize/awards/single/", organize.single, name="single"),
    path("organize/awards/confirm/", organize.confirm, name="confirm"),
    path("organize/awards/publish/", organize.publish, name="publish"),
    path("organize/awards/<int:pk>/change/", organize.change, name="change"),
    path("organize/awards/<int:pk>/revoke/", organize.revoke, name="revoke"),
    path("organize/awards/empty/<int:award_type_pk>/<int:track_pk>/move/", organize.move, name="move"),
    path("organize/awards/awards.xlsx", organize.export, name="export"),
    path("organize/awards/awards.csv", organize.export, {"fmt": "csv"}, name="export_csv"),
    # Policy support: recommendations to partners, loan referrals.
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
    path(
        "organize/awards/policy/recommendations.csv",
        organize_policy.recommendations_export,
        {"fmt": "csv"},
        name="recommendations_export_csv",
    ),
    path("organize/awards/policy/loans/", organize_policy.loans, name="loans"),
    path("organize/awards/policy/loans/<int:pk>/refer/", organize_policy.loan_refer, name="loan_refer"),
    path("organize/awards/policy/loans.xlsx", organize_policy.loans_export, name="loans_export"),
    path("organize/awards/policy/loans.csv", organize_policy.loans_export, {"fmt": "csv"}, name="loans_export_csv"),
    # Certificates: issuing, rendering progress, the ZIP of all.
    path("organize/awards/certificates/", organize_certificates.certificates, name="certificates"),
    path("organize/awards/certificates/issue/", organize_certificates.issue, name="issue_certificates"),
    path("organize/awards/certificates/render-again/", organize_certificates.render_again, name="render_again"),
    path("organize/awards/certificates.zip", organize_certificates.certificates_zip, name="certificates_zip"),
]

urlpatterns = [
    path("awards/", public.winners, name="winners"),
    path("verify/<str:code>/", public_verify.verify, name="verify"),
    path("me/awards/certificates/", entrant_certificates.certificates, name="certificates"),
    path("me/awards/certificates/<str:code>.pdf", entrant_certificates.certificate_pdf, name="certificate_pdf"),
    path("me/awards/consent/", entrant_policy.consent, name="consent"),
    path("me/awards/loan/", entrant_policy.loan, name="loan"),
    path("me/awards/loan/<int:pk>/withdraw/", entrant_policy.loan_withdraw, name="loan_withdraw"),
    path("", include((organize_patterns, "organize"))),
]
