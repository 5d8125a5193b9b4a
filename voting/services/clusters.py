"""The cluster a flagged vote joins: one row per rule, subject and day, found or created."""

from __future__ import annotations

from ..models import FlagCluster


def cluster_for(contest_id, flag, day):
    """The id of the cluster of `flag` on `day`, created when it is the first.

    Nothing is remembered between calls: the caller's transaction may roll back and take a
    new cluster with it. The unique constraint on the subject settles two first votes at once.
    """
    cluster, _ = FlagCluster.objects.get_or_create(contest_id=contest_id, rule=flag.rule, key=flag.key, day=day)
    return cluster.pk
