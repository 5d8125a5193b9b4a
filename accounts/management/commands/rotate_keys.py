from django.core.management.base import BaseCommand

from accounts.services import rotate_keys


class Command(BaseCommand):
    help = (
        "Store every encrypted value again under the first FIELD_ENCRYPTION_KEY and every keyed hash "
        "under the current DJANGO_SECRET_KEY. Run it after a key changes; then the old keys can go."
    )

    def handle(self, *args, **options):
        for name, rewritten in rotate_keys().items():
            self.stdout.write(f"{name}: {rewritten} rows stored under the current keys")
        self.stdout.write(self.style.SUCCESS("Done: the old keys are no longer needed for what is stored."))
