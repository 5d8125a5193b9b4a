"""Fraud simulation: organic voters with a realistic spread and a paid gang, through the shape signals.

    .venv/bin/python bench/fraud.py [--days 3] [--voters 6000] [--seed 7] [--smoke]

Organic public: finalists of unequal popularity (Zipf), each with a home region of a few
/16 networks where half its supporters live, the rest spread over a national pool of /16s
of unequal size; one finalist is a company whose staff vote from one office network. A
voter keeps a device and a browser (40 user agents, the popular ones far more common),
votes for one to three finalists on a day in waking hours, returns on later days with
probability 0.4, and takes a human time between the page and the vote (log-normal, median
25 s). One vote in ten comes through a partner app (the API, no page); one website vote in a
hundred arrives with no vote page remembered (a page left open overnight).

The gang of the brief: random numbers, each used once, a few dozen addresses over many /24s
of one /16 that ordinary voters use too, a fresh device for each vote, all for one
finalist, at several sizes (30 to 1,000 votes) and speeds (within one hour to over 30
hours), in two kinds: a *script* posting the vote form without loading a page (with the
most common user agent) and a *headless* browser loading the finalist's page and voting one
to three seconds later with one of two common user agents. A third, *careful* gang (a real
browser at a human pace with varied user agents) is measured on its own line: the shape
signals are not meant to see it.

Every scenario runs the organic public with one gang; `voting.support_shape.find_gangs`
judges the last 26 hours every hour, as the periodic sweep does, and a vote flagged once
stays flagged. A gang vote counts if no sweep flagged it.

Last line: gang_votes=… gang_counted_pct=… organic_votes=… organic_flagged=…
"""

import argparse
import math
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from voting.support_shape import Ballot, find_gangs  # noqa: E402

HOUR = 3600
WINDOW_HOURS = 26
WAKING = [
    0.2,
    0.1,
    0.05,
    0.05,
    0.05,
    0.1,
    0.4,
    1,
    1.5,
    1.5,
    1.3,
    1.4,
    1.6,
    1.3,
    1.1,
    1.1,
    1.2,
    1.3,
    1.5,
    1.8,
    2,
    2,
    1.5,
    0.8,
]


@dataclass(frozen=True)
class Timed:
    at: int  # seconds since the start
    ballot: Ballot


def zipf_weights(n, s=1.0):
    return [1 / (rank + 1) ** s for rank in range(n)]


class World:
    """The networks, browsers and finalists of one simulated edition."""

    def __init__(self, rng, *, finalists):
        self.rng = rng
        self.national = [f"{rng.randint(36, 223)}.{rng.randint(0, 255)}" for _ in range(300)]
        self.national_weights = zipf_weights(len(self.national), 0.8)
        self.browsers = [f"ua{n:02d}" for n in range(40)]
        self.browser_weights = zipf_weights(len(self.browsers), 1.1)
        self.finalists = list(range(1, finalists + 1))
        self.popularity = zipf_weights(finalists, 0.9)
        self.home = {f: rng.sample(self.national[:60], 3) for f in self.finalists}
        self.company = self.finalists[3]  # its staff vote from one office /24
        self.office = f"{self.home[self.company][0]}.77"

    def address(self, wide):
        return f"{wide}.{self.rng.randint(0, 255)}.{self.rng.randint(1, 254)}"


def _hour_of_day(rng):
    return rng.choices(range(24), weights=WAKING)[0]


def organic_ballots(world, *, voters, days, first_id=1):
    """The organic public's votes over `days` days."""
    rng = world.rng
    ballots = []
    next_id = first_id
    for phone_no in range(voters):
        favourite = rng.choices(world.finalists, weights=world.popularity)[0]
        at_office = favourite == world.company and rng.random() < 0.5
        local = rng.random() < 0.5
        wide = rng.choice(world.home[favourite]) if local else rng.choices(world.national, world.national_weights)[0]
        api = rng.random() < 0.1
        browser = rng.choices(world.browsers, world.browser_weights)[0]
        phone = f"p{phone_no}"
        day = rng.randrange(days)
        while day < days:
            chosen = {favourite} | {
                rng.choices(world.finalists, weights=world.popularity)[0] for _ in range(rng.choice([0, 0, 1, 2]))
            }
            start = day * 86400 + _hour_of_day(rng) * HOUR + rng.randrange(HOUR)
            for n, finalist in enumerate(sorted(chosen, key=lambda f: f != favourite)):
                seconds = min(3600, int(rng.lognormvariate(math.log(25), 0.9)))
                address = f"{world.office}.{rng.randint(1, 254)}" if at_office else world.address(wide)
                stale = not api and rng.random() < 0.01
                at = start + n * 90 + seconds
                ballots.append(
                    Timed(
                        at,
                        Ballot(
                            id=next_id,
                            finalist=finalist,
                            phone=phone,
                            network=address.rsplit(".", 1)[0] + ".0/24",
                            browser=browser,
                            page_seconds=None if api or stale else seconds,
                            api=api,
                        ),
                    )
                )
                next_id += 1
            day += 1 if rng.random() < 0.4 else days
    return ballots


def gang_ballots(world, *, kind, size, hours, finalist, first_id):
    """A gang's `size` votes for `finalist` over `hours` hours from the start of the second day."""
    rng = world.rng
    wide = world.national[30]
    addresses = [world.address(wide) for _ in range(rng.randint(30, 50))]
    start = 86400 + 8 * HOUR
    ballots = []
    for n in range(size):
        address = rng.choice(addresses)
        if kind == "script":
            browser, seconds = world.browsers[0], None
        elif kind == "headless":
            browser, seconds = rng.choice(world.browsers[:2]), rng.randint(1, 3)
        else:
            browser = rng.choices(world.browsers, world.browser_weights)[0]
            seconds = min(3600, int(rng.lognormvariate(math.log(25), 0.9)))
        ballot = Ballot(
            id=first_id + n,
            finalist=finalist,
            phone=f"g{first_id + n}",
            network=address.rsplit(".", 1)[0] + ".0/24",
            browser=browser,
            page_seconds=seconds,
        )
        ballots.append(Timed(start + rng.randrange(max(1, hours * HOUR)), ballot))
    return ballots


def sweep(ballots, *, days):
    """Ids flagged by hourly judgements of the last WINDOW_HOURS hours, as the periodic sweep runs them."""
    ordered = sorted(ballots, key=lambda timed: timed.at)
    flagged = set()
    lo = hi = 0
    for hour in range(1, days * 24 + WINDOW_HOURS):
        now = hour * HOUR
        while hi < len(ordered) and ordered[hi].at < now:
            hi += 1
        while ordered[lo].at < now - WINDOW_HOURS * HOUR:
            lo += 1
        for gang in find_gangs(timed.ballot for timed in ordered[lo:hi]):
            flagged.update(gang.vote_ids)
    return flagged


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--voters", type=int, default=6000)
    parser.add_argument("--finalists", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--smoke", action="store_true", help="two small scenarios, to check the script runs")
    args = parser.parse_args()
    sizes, speeds, kinds = [30, 100, 300, 1000], [1, 6, 30], ["script", "headless"]
    if args.smoke:
        args.days, args.voters, sizes, speeds = 2, 800, [60], [6]
    started = time.monotonic()
    world = World(random.Random(args.seed), finalists=args.finalists)  # noqa: S311 - reproducible simulation, not secrets
    organic = organic_ballots(world, voters=args.voters, days=args.days)
    organic_ids = {timed.ballot.id for timed in organic}
    target = world.finalists[6]
    organic_flagged = set()
    totals = {"gang": [0, 0], "careful": [0, 0]}  # votes, counted
    print(f"organic: {len(organic)} votes of {args.voters} phones for {args.finalists} finalists over {args.days} days")
    print(f"{'kind':>9} {'size':>5} {'hours':>5} {'counted':>8} {'organic flagged':>16}")
    scenarios = [(kind, size, hours) for kind in [*kinds, "careful"] for size in sizes for hours in speeds]
    for kind, size, hours in scenarios:
        first_id = 10**7
        gang = gang_ballots(world, kind=kind, size=size, hours=hours, finalist=target, first_id=first_id)
        flagged = sweep(organic + gang, days=args.days)
        counted = sum(timed.ballot.id not in flagged for timed in gang)
        wrongly = flagged & organic_ids
        organic_flagged |= wrongly
        bucket = totals["careful" if kind == "careful" else "gang"]
        bucket[0] += size
        bucket[1] += counted
        print(f"{kind:>9} {size:>5} {hours:>5} {counted:>8} {len(wrongly):>16}")
    careful_votes, careful_counted = totals["careful"]
    print(f"careful gang (not in the goal): {careful_counted} of {careful_votes} votes counted")
    print(f"seconds: {time.monotonic() - started:.1f}")
    gang_votes, gang_counted = totals["gang"]
    print(
        f"gang_votes={gang_votes} gang_counted_pct={100 * gang_counted / gang_votes:.1f} "
        f"organic_votes={len(organic)} organic_flagged={len(organic_flagged)}"
    )


if __name__ == "__main__":
    main()
