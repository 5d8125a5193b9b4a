"""Every URL of the awards, with its full path; config/urls.py includes this module.

- public pages at /awards/… and the certificate check at /verify/<code>/ (`awards:<name>`);
- the entrant's pages at /me/awards/… (`awards:<name>`);
- the organizers' pages at /organize/awards/… (`awards:organize:<name>`), behind
  `accounts.gates.organizer_required`.
"""

from django.urls import include, path

from .views import entrant_certificates, organize_certificates, public_verify

app_name = "awards"

urlpatterns = []
organize_patterns = []

# --- certificates
urlpatterns += [
    path("verify/<str:code>/", public_verify.verify, name="verify"),
    path("me/awards/certificates/", entrant_certificates.certificates, name="certificates"),
    path("me/awards/certificates/<str:code>.pdf", entrant_certificates.certificate_pdf, name="certificate_pdf"),
]
organize_patterns += [
    path("organize/awards/certificates/", organize_certificates.certificates, name="certificates"),
    path("organize/awards/certificates/issue/", organize_certificates.issue, name="issue_certificates"),
    path("organize/awards/certificates/render-again/", organize_certificates.render_again, name="render_again"),
    path("organize/awards/certificates.zip", organize_certificates.certificates_zip, name="certificates_zip"),
]

urlpatterns += [path("", include((organize_patterns, "organize")))]
