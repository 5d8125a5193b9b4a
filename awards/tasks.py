"""Awards' Celery tasks: thin wrappers over the services, each on a named queue.

Rendering a certificate runs WeasyPrint: it belongs on the "heavy" queue beside the file checks.
The services queue it by name (`services.certificates.RENDER_TASK`): this module imports them.
"""

from celery import shared_task

from .models import Certificate
from .services.certificates import RENDER_TASK, render_certificate

# One page takes well under a second; a cold worker loads WeasyPrint and the font first.
RENDER_TIME_LIMIT = 120
RENDER_RETRIES = 3


@shared_task(bind=True, name=RENDER_TASK, queue="heavy", time_limit=RENDER_TIME_LIMIT, max_retries=RENDER_RETRIES)
def task_render_certificate(self, *, certificate_id):
    certificate = render_certificate(certificate_id=certificate_id)
    if certificate is None:
        return None
    if certificate.status == Certificate.Status.FAILED and self.request.retries < self.max_retries:
        # 30 s, 60 s, 120 s: time for a full disk or a storage hiccup to pass.
        raise self.retry(countdown=30 * 2**self.request.retries)
    return certificate.status
