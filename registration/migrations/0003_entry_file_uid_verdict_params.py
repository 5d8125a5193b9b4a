import uuid

from django.db import migrations, models


def fill_uids(apps, schema_editor):
    # One uuid per existing row: a callable default on AddField would give them all the same.
    EntryFile = apps.get_model("registration", "EntryFile")
    for row in EntryFile.objects.filter(uid__isnull=True).only("pk"):
        row.uid = uuid.uuid4()
        row.save(update_fields=["uid"])


class Migration(migrations.Migration):
    dependencies = [
        ("registration", "0002_entryrevision_note"),
    ]

    operations = [
        migrations.AddField(
            model_name="entryfile",
            name="uid",
            field=models.UUIDField(editable=False, null=True, verbose_name="public id"),
        ),
        migrations.RunPython(fill_uids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="entryfile",
            name="uid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="public id"),
        ),
        migrations.AddField(
            model_name="entryfile",
            name="verdict_params",
            field=models.JSONField(blank=True, default=dict, verbose_name="verdict details"),
        ),
        migrations.AddIndex(
            model_name="upload",
            index=models.Index(fields=["expires_at"], name="upload_expires_at"),
        ),
    ]
