"""The cluster a flagged vote joins: one row per rule, subject and day, found or created once per process."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from ..models import FlagCluster

_cluster_ids: dict[tuple, int] = {}


def cluster_for(contest_id, flag, day):
    """The id of the cluster of `flag` on `day`, created when it is the first; remembered by the process."""
    memo_key = (contest_id, flag.rule, flag.key, day)
    cluster_id = _cluster_ids.get(memo_key)
    if cluster_id is not None:
        return cluster_id
    lookup = {"contest_id": contest_id, "rule": flag.rule, "key": flag.key, "day": day}
    cluster = FlagCluster.objects.filter(**lookup).first()
    if cluster is None:
        try:
            with transaction.atomic():
                cluster = FlagCluster.objects.create(**lookup)
        except IntegrityError:
            cluster = FlagCluster.objects.get(**lookup)
    _cluster_ids[memo_key] = cluster.pk
    return cluster.pk


def forget_clusters():
    """Drop the cluster ids this process remembers (tests; a cluster row is never deleted otherwise)."""
    _cluster_ids.clear()
