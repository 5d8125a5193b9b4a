"""The max-flow primitives the balanced assignment rests on."""

from judging.maxflow import MaxFlow, bounded_flow


def test_max_flow_of_a_classic_network_is_its_minimum_cut():
    network = MaxFlow(6)
    for u, v, capacity in [
        (0, 1, 16),
        (0, 2, 13),
        (1, 2, 10),
        (2, 1, 4),
        (1, 3, 12),
        (3, 2, 9),
        (2, 4, 14),
        (4, 3, 7),
        (3, 5, 20),
        (4, 5, 4),
    ]:
        network.add_edge(u, v, capacity)

    assert network.max_flow(0, 5) == 23
    assert network.reachable(0) == {0, 1, 2, 4}


def test_flow_on_reports_what_an_edge_carries():
    network = MaxFlow(3)
    first = network.add_edge(0, 1, 5)
    second = network.add_edge(1, 2, 3)

    assert network.max_flow(0, 2) == 3
    assert (network.flow_on(first), network.flow_on(second)) == (3, 3)


def test_bounded_flow_meets_every_lower_bound():
    # Two parallel routes; the lower bound forces 2 units over the longer one.
    edges = [(0, 1, 0, 5), (1, 3, 0, 5), (0, 2, 2, 5), (2, 3, 0, 5), (3, 4, 4, 4)]

    flows = bounded_flow(5, 0, 4, edges)

    assert flows is not None
    assert flows[2] >= 2
    assert flows[4] == 4
    assert flows[0] + flows[2] == 4


def test_bounded_flow_is_none_when_bounds_contradict():
    # The sink edge must carry exactly 4, but the only way in carries at most 3.
    assert bounded_flow(3, 0, 2, [(0, 1, 0, 3), (1, 2, 4, 4)]) is None


def test_bounded_flow_refuses_an_edge_whose_lower_bound_exceeds_its_capacity():
    assert bounded_flow(2, 0, 1, [(0, 1, 3, 2)]) is None
