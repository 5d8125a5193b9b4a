"""The shape of a finalist's support: which of its votes come from a paid gang rather than its public.

The per-subject rules (`voting.fraud_rules`) catch crude brushing: one address, one device, a run
of consecutive numbers, a burst. A gang that knows them buys random numbers from many
sellers, votes from a few dozen addresses over many /24 networks of one wider network, with
fresh devices, over hours, all for one finalist. Each of its votes looks organic; the shape
of the finalist's support does not. This module compares each finalist's support with the
support of the other finalists, over the votes of a period:

=================  ==========================================================================
signal             what it looks at
=================  ==========================================================================
wide network       the votes of one finalist from one /16 (IPv6: /32): a network wider than
                   the /24 the burst rules watch, the grouping every other signal works in
no vote page       website votes from a device that loaded no page with a vote button (the
                   gallery or a finalist's page) before voting: a script posting the form
machine pace       votes with the same browser (user agent) and the same seconds between the
                   page and the vote, repeated in the group far more often than among the
                   other finalists' votes: people differ, a script repeats itself
one-shot phones    phones that voted once, for this finalist only, and never came back:
                   shown to the organizer, never a reason on its own (a finalist's friends
                   vote once too)
=================  ==========================================================================

A finalist's votes from one wide network are a gang's when enough of them (`MIN_GANG_VOTES`)
carry a per-vote mark (no vote page, machine pace) and the marked share of the group is far
above the share of votes without a vote page among the other finalists' votes. Only the
marked votes are flagged: a finalist's real supporters in the same network loaded the page
and took their own time, and keep their votes. API votes never carry the no-page mark (an
app has no page). Nothing here flags by the network alone: people of one city, one campus
or one company legitimately back their own finalist from one network.

What these signals do not see: a gang that drives a real browser through the pages at a
human pace with varied browsers. Its one-shot phones and its network still show on the
finalist's share of the hour (the share-jump rule) and to the organizer.

No database access here, so the bench (`bench/fraud.py`) and the tests run it on plain data;
`voting.services.sweep` reads the rows and writes the flags.
"""

from __future__ import annotations

import ipaddress
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

WIDE_PREFIX = {4: 16, 6: 32}
# Marked votes a (finalist, wide network) needs before it is called a gang.
MIN_GANG_VOTES = 15
# The marked share of the group must reach this floor and this multiple of the rate of
# votes without a vote page among the other finalists' votes.
MARKED_SHARE_FLOOR = 0.1
MARKED_LIFT = 5
# A (browser, page-to-vote seconds) pair is a machine's pace when it repeats at least this
# often in the group and is this many times more frequent there than among the other
# finalists' votes.
PACE_REPEATS = 3
PACE_LIFT = 10


@dataclass(frozen=True)
class Ballot:
    """One vote as the shape signals see it."""

    id: int
    finalist: int
    phone: str  # a keyed hash; equal for the same number
    network: str  # the address or its /24
    browser: str = ""  # a hash of the user agent
    page_seconds: int | None = None  # from the last vote page loaded on the device to the vote
    api: bool = False


@dataclass
class Gang:
    """The marked votes of one finalist from one wide network, and the figures that explain them."""

    finalist: int
    network: str
    vote_ids: list[int]
    evidence: dict = field(default_factory=dict)


# A sweep asks for the same few thousand networks again and again; parsing is the slow part.
@lru_cache(maxsize=65536)
def wide_network(network):
    """The /16 (IPv6: /32) holding an address or a narrower network; the text itself if it is neither."""
    text = str(network)
    head, _, rest = text.partition(".")
    second, dot2, _rest = rest.partition(".")
    narrow = text.endswith("/24") or "/" not in text
    if narrow and dot2 and head.isdigit() and second.isdigit() and int(head) < 256 and int(second) < 256:
        # The stored form of an IPv4 network or address: no need to parse it in full.
        return f"{int(head)}.{int(second)}.0.0/16"
    try:
        parsed = ipaddress.ip_network(text, strict=False)
    except ValueError:
        return text
    prefix = WIDE_PREFIX[parsed.version]
    if parsed.prefixlen <= prefix:
        return str(parsed)
    return str(parsed.supernet(new_prefix=prefix))


def _fingerprint(ballot):
    if ballot.api or ballot.page_seconds is None:
        return None
    return (ballot.browser, ballot.page_seconds)


def _no_page(ballot):
    return not ballot.api and ballot.page_seconds is None


@dataclass
class _Support:
    """Counts over all ballots of the period, for comparing one group with everything else."""

    total: int = 0
    per_finalist: Counter = field(default_factory=Counter)
    per_network: Counter = field(default_factory=Counter)
    no_page: Counter = field(default_factory=Counter)  # finalist -> votes without a vote page
    paces: Counter = field(default_factory=Counter)  # fingerprint -> votes
    paces_of: dict = field(default_factory=lambda: defaultdict(Counter))  # finalist -> fingerprint -> votes
    phone_votes: dict = field(default_factory=lambda: defaultdict(set))  # phone -> finalists
    phone_count: Counter = field(default_factory=Counter)

    def add(self, ballot, wide):
        self.total += 1
        self.per_finalist[ballot.finalist] += 1
        self.per_network[wide] += 1
        self.no_page[ballot.finalist] += _no_page(ballot)
        print_ = _fingerprint(ballot)
        if print_ is not None:
            self.paces[print_] += 1
            self.paces_of[ballot.finalist][print_] += 1
        self.phone_votes[ballot.phone].add(ballot.finalist)
        self.phone_count[ballot.phone] += 1

    def one_shot(self, phone):
        return self.phone_count[phone] == 1


def find_gangs(ballots, *, min_votes=MIN_GANG_VOTES):
    """The gangs among `ballots` (an iterable of Ballot): one Gang per finalist and wide network.

    Each Gang lists the ids of its marked votes and the evidence for the organizer: the
    group's size, the network's share of the finalist's votes against its share of the
    others', the votes without a vote page, those at a machine's pace (with the most
    repeated browser and seconds) and the one-shot phones, each against the other finalists.
    """
    support = _Support()
    groups = defaultdict(list)
    for ballot in ballots:
        wide = wide_network(ballot.network)
        support.add(ballot, wide)
        groups[(ballot.finalist, wide)].append(ballot)
    gangs = []
    for (finalist, wide), group in groups.items():
        if len(group) < min_votes:
            continue
        gang = _judge_group(finalist, wide, group, support, min_votes=min_votes)
        if gang is not None:
            gangs.append(gang)
    gangs.sort(key=lambda gang: (gang.finalist, gang.network))
    return gangs


def _machine_paces(finalist, group, support):
    """The fingerprints of the group repeated far more often than among the other finalists' votes."""
    others = support.total - support.per_finalist[finalist]
    counted = Counter(print_ for print_ in map(_fingerprint, group) if print_ is not None)
    paced = {}
    for print_, n in counted.items():
        elsewhere = support.paces[print_] - support.paces_of[finalist][print_]
        if n >= PACE_REPEATS and n / len(group) >= PACE_LIFT * (elsewhere + 1) / (others + 1):
            paced[print_] = n
    return paced


def _pct(part, whole):
    return round(100 * part / whole, 1) if whole else 0.0


def _judge_group(finalist, wide, group, support, *, min_votes):
    others = support.total - support.per_finalist[finalist]
    paced = _machine_paces(finalist, group, support)
    no_page = [ballot for ballot in group if _no_page(ballot)]
    at_pace = [ballot for ballot in group if _fingerprint(ballot) in paced]
    marked = no_page + at_pace
    elsewhere_no_page = (sum(support.no_page.values()) - support.no_page[finalist]) / max(1, others)
    share = len(marked) / len(group)
    if len(marked) < min_votes or share < max(MARKED_SHARE_FLOOR, MARKED_LIFT * elsewhere_no_page):
        return None
    others_from_network = support.per_network[wide] - len(group)
    top_pace, top_count = max(paced.items(), key=lambda item: item[1]) if paced else ((None, None), 0)
    others_one_shot = sum(
        n for phone, n in support.phone_count.items() if n == 1 and finalist not in support.phone_votes[phone]
    )
    evidence = {
        "group_votes": len(group),
        "finalist_votes": support.per_finalist[finalist],
        "network_pct": _pct(len(group), support.per_finalist[finalist]),
        "others_network_pct": _pct(others_from_network, others),
        "subnets": len({ballot.network for ballot in marked}),
        "no_page": len(no_page),
        "others_no_page_pct": _pct(elsewhere_no_page * others, others),
        "machine_pace": len(at_pace),
        "pace_seconds": top_pace[1],
        "pace_votes": top_count,
        "browsers": len({ballot.browser for ballot in marked}),
        "one_shot_pct": _pct(sum(support.one_shot(ballot.phone) for ballot in marked), len(marked)),
        "others_one_shot_pct": _pct(others_one_shot, others),
    }
    return Gang(finalist=finalist, network=wide, vote_ids=sorted(ballot.id for ballot in marked), evidence=evidence)
