"""The pure parts of the fraud rules: the network of an address, sliding-window bursts."""

from datetime import datetime, timedelta

from voting.fraud_rules import bursts, site_network


def test_site_network_is_the_24_of_ipv4_and_the_48_of_ipv6():
    assert site_network("203.0.113.7") == "203.0.113.0/24"
    assert site_network("2001:db8:1:2::5") == "2001:db8:1::/48"
    assert site_network("not an address") == "not an address"


def test_bursts_mark_every_vote_of_a_window_over_the_limit():
    start = datetime(2025, 5, 1, 12, 0)
    dense = [(start + timedelta(seconds=10 * i), i) for i in range(4)]
    sparse = [(start + timedelta(minutes=10 * i), 100 + i) for i in range(4)]

    hits = bursts({"dense": dense, "sparse": sparse}, limit=3, window=timedelta(minutes=5))

    assert hits == {"dense": {0, 1, 2, 3}}
