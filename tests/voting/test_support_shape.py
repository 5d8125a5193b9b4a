"""The shape of a finalist's support, on hand-made ballots: each signal alone, and what it leaves alone."""

import random

from voting.support_shape import MIN_GANG_VOTES, Ballot, find_gangs, wide_network

GANG_NET = "61.52"  # the /16 a gang rents its addresses in


class Ballots:
    """Hand-made ballots with increasing ids; organic voters take human time and varied browsers."""

    def __init__(self):
        self.rows = []
        self.rng = random.Random(3)

    def add(self, finalist, *, network, phone=None, browser="ua-common", seconds=30, api=False):
        n = len(self.rows) + 1
        self.rows.append(
            Ballot(
                id=n,
                finalist=finalist,
                phone=phone or f"p{n}",
                network=network,
                browser=browser,
                page_seconds=seconds,
                api=api,
            )
        )
        return n

    def organic(self, finalist, count, *, wide=None):
        """`count` human votes for `finalist`, spread over many /16s unless `wide` is given."""
        ids = []
        for _ in range(count):
            first = wide or f"{self.rng.randint(36, 223)}.{self.rng.randint(0, 255)}"
            ids.append(
                self.add(
                    finalist,
                    network=f"{first}.{self.rng.randint(0, 255)}.0/24",
                    browser=f"ua{self.rng.randint(0, 30)}",
                    seconds=self.rng.randint(5, 300),
                )
            )
        return ids

    def gang(self, finalist, count, *, browser="ua-common", seconds=None):
        return [
            self.add(finalist, network=f"{GANG_NET}.{n % 40}.0/24", browser=browser, seconds=seconds)
            for n in range(count)
        ]


def background():
    """Five finalists with an ordinary public of 200 votes each."""
    ballots = Ballots()
    for finalist in range(1, 6):
        ballots.organic(finalist, 200)
    return ballots


def test_wide_network_of_an_address_a_slash_24_and_ipv6():
    assert wide_network("61.52.7.0/24") == "61.52.0.0/16"
    assert wide_network("61.52.7.9") == "61.52.0.0/16"
    assert wide_network("2408:8207:1234:5600::/48") == "2408:8207::/32"
    assert wide_network("10.0.0.0/8") == "10.0.0.0/8"
    assert wide_network("not an address") == "not an address"


def test_ordinary_support_has_no_gang():
    assert find_gangs(background().rows) == []


def test_a_script_posting_without_a_vote_page_is_a_gang_and_only_its_votes_are_flagged():
    ballots = background()
    neighbours = ballots.organic(2, 30, wide=GANG_NET)  # real supporters in the gang's network
    gang_ids = ballots.gang(2, 40)

    [gang] = find_gangs(ballots.rows)

    assert (gang.finalist, gang.network) == (2, f"{GANG_NET}.0.0/16")
    assert gang.vote_ids == gang_ids
    assert not set(neighbours) & set(gang.vote_ids)
    assert gang.evidence["no_page"] == 40
    assert gang.evidence["group_votes"] == 70
    assert gang.evidence["finalist_votes"] == 270
    assert gang.evidence["network_pct"] == 25.9
    assert gang.evidence["others_network_pct"] == 0.0
    assert gang.evidence["subnets"] == 40
    assert gang.evidence["one_shot_pct"] == 100.0


def test_a_headless_browser_at_a_machine_pace_is_a_gang():
    ballots = background()
    gang_ids = ballots.gang(3, 30, browser="ua-common", seconds=2)

    [gang] = find_gangs(ballots.rows)

    assert gang.vote_ids == gang_ids
    assert (gang.evidence["machine_pace"], gang.evidence["pace_votes"], gang.evidence["pace_seconds"]) == (30, 30, 2)
    assert gang.evidence["no_page"] == 0


def test_a_pace_common_among_the_other_finalists_is_no_mark():
    ballots = background()
    for finalist in (1, 4, 5):  # everyone's voters often vote 2 s after the page with this browser
        for n in range(30):
            ballots.add(finalist, network=f"{36 + n}.1.1.0/24", browser="ua-common", seconds=2)
    ballots.gang(3, 30, browser="ua-common", seconds=2)

    assert find_gangs(ballots.rows) == []


def test_a_company_voting_from_its_own_network_is_left_alone():
    ballots = background()
    ballots.organic(4, 300, wide="27.184")  # the staff of a finalist, all from the office network

    assert find_gangs(ballots.rows) == []


def test_app_votes_have_no_page_and_are_no_mark():
    ballots = background()
    for n in range(60):
        ballots.add(5, network=f"{GANG_NET}.{n}.0/24", seconds=None, api=True)

    assert find_gangs(ballots.rows) == []


def test_a_gang_smaller_than_the_minimum_is_not_called_one():
    ballots = background()
    ballots.gang(2, MIN_GANG_VOTES - 1)

    assert find_gangs(ballots.rows) == []


def test_scattered_votes_without_a_page_are_no_gang():
    """A page left open overnight: votes without a vote page, but a few per finalist and network."""
    ballots = background()
    for finalist in range(1, 6):
        for n in range(10):
            ballots.add(finalist, network=f"{100 + n}.{finalist}.1.0/24", seconds=None)

    assert find_gangs(ballots.rows) == []


def test_a_gang_hidden_in_a_busy_network_is_found_by_its_marks():
    """The network also carries most of the finalist's public: the marked share still stands out."""
    ballots = background()
    ballots.organic(1, 400, wide=GANG_NET)
    gang_ids = ballots.gang(1, 60)

    [gang] = find_gangs(ballots.rows)

    assert gang.vote_ids == gang_ids
