"""Properties of the assignment over many random instances (hypothesis).

Small instances are checked against an exhaustive search: the solver must find an
assignment exactly when one exists — a greedy pass would fail some of these — and a
perfectly balanced one (every load ⌊avg⌋ or ⌈avg⌉) whenever that exists. Larger ones check
the guarantees of every answer: exactly k judges per entry, all distinct, never a conflicted
or excluded judge, only judges allowed for the track, and every load within one of the
average (or under the cap).
"""

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from judging.balancing import EntryDemand, Infeasible, JudgeSupply, floor_ceil_average, solve, within_one_of_average

TRACKS = ("gov", "economy", "finance")


@st.composite
def instances(draw, max_entries, max_judges, max_need, with_loads=True):
    judge_count = draw(st.integers(1, max_judges))
    judges = []
    for key in range(judge_count):
        tracks = draw(st.one_of(st.none(), st.frozensets(st.sampled_from(TRACKS), min_size=1)))
        load = draw(st.integers(0, 2)) if with_loads else 0
        judges.append(JudgeSupply(key=key, label=f"J{key}", tracks=tracks, load=load))
    entry_count = draw(st.integers(1, max_entries))
    need = draw(st.integers(1, max_need))
    entries = [
        EntryDemand(
            key=f"E{index:03d}",
            track=draw(st.sampled_from(TRACKS)),
            need=need,
            excluded=draw(st.frozensets(st.integers(0, judge_count - 1), max_size=max(1, judge_count // 2))),
        )
        for index in range(entry_count)
    ]
    cap = draw(st.one_of(st.none(), st.integers(1, 6)))
    return entries, judges, cap


def assignment_exists(entries, judges, cap, *, tight=False):
    """Exhaustive search over every choice of judges per entry (tight: every load ⌊avg⌋ or ⌈avg⌉)."""
    choices = []
    for entry in entries:
        possible = [j.key for j in judges if j.may_judge(entry.track) and j.key not in entry.excluded]
        choices.append(list(itertools.combinations(possible, entry.need)))
    total = sum(j.load for j in judges) + sum(e.need for e in entries)
    low, high = (floor_ceil_average if tight else within_one_of_average)(total, len(judges))
    for combination in itertools.product(*choices):
        loads = {j.key: j.load for j in judges}
        for chosen in combination:
            for key in chosen:
                loads[key] += 1
        within = all(low <= load <= high for load in loads.values()) if cap is None or tight else True
        if within and (cap is None or max(loads.values()) <= cap):
            return True
    return False


def check_solution(entries, judges, cap, solution):
    by_key = {j.key: j for j in judges}
    loads = {j.key: j.load for j in judges}
    for entry in entries:
        chosen = solution.assignments.get(entry.key, [])
        assert len(chosen) == entry.need, entry
        assert len(set(chosen)) == entry.need, "a judge twice on one entry"
        assert not set(chosen) & entry.excluded, "a conflicted judge"
        assert all(by_key[key].may_judge(entry.track) for key in chosen), "a judge of another track"
        for key in chosen:
            loads[key] += 1
    assert loads == solution.loads
    average = sum(loads.values()) / len(judges)
    if cap is None:
        assert all(abs(load - average) <= 1 for load in loads.values()), loads
    else:
        assert max(loads.values()) <= cap


def attempt(entries, judges, cap):
    """(solution, None) or (None, the Infeasible raised)."""
    try:
        return solve(entries, judges, cap=cap), None
    except Infeasible as error:
        return None, error


def is_tight(solution):
    low, high = floor_ceil_average(sum(solution.loads.values()), len(solution.loads))
    return all(low <= load <= high for load in solution.loads.values())


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_entries=4, max_judges=5, max_need=3))
def test_solver_finds_an_assignment_exactly_when_one_exists(instance):
    entries, judges, cap = instance

    exists = assignment_exists(entries, judges, cap)
    solution, error = attempt(entries, judges, cap)

    if error is not None:
        assert not exists, f"solver gave up ({error}) where an assignment exists"
        assert error.entries or error.judges, "the explanation names no entry and no judge"
    else:
        assert exists
        check_solution(entries, judges, cap, solution)
        if assignment_exists(entries, judges, cap, tight=True):
            assert is_tight(solution), solution.loads


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_entries=60, max_judges=15, max_need=5, with_loads=False))
def test_every_answer_keeps_the_guarantees(instance):
    entries, judges, cap = instance

    solution, error = attempt(entries, judges, cap)

    if error is not None:
        assert error.code in {"entry_short", "overload", "overload_cap", "underload", "kept_overload", "no_panel"}
        assert error.entries or error.judges
    else:
        check_solution(entries, judges, cap, solution)


@settings(max_examples=100, deadline=None)
@given(st.integers(3, 12), st.integers(1, 40), st.integers(1, 3), st.randoms(use_true_random=False))
def test_a_planted_solution_is_always_found(judge_count, entry_count, need, rng):
    """Conflicts drawn so that a balanced assignment exists: the solver must never fail."""
    judges = [JudgeSupply(key=k, label=f"J{k}") for k in range(judge_count)]
    # Round-robin gives a balanced assignment; conflicts only among the judges it does not use.
    entries = []
    slot = 0
    for index in range(entry_count):
        planted = {(slot + i) % judge_count for i in range(need)}
        slot += need
        others = [k for k in range(judge_count) if k not in planted]
        excluded = frozenset(rng.sample(others, rng.randint(0, len(others))))
        entries.append(EntryDemand(key=f"E{index:03d}", track="gov", need=need, excluded=excluded))

    solution = solve(entries, judges)

    check_solution(entries, judges, None, solution)
    assert is_tight(solution), solution.loads


def test_same_input_gives_the_same_assignment():
    judges = [JudgeSupply(key=k, label=f"J{k}") for k in range(7)]
    entries = [EntryDemand(key=f"E{i}", track="gov", need=3, excluded=frozenset({i % 7})) for i in range(20)]

    assert solve(entries, judges).assignments == solve(list(reversed(entries)), list(reversed(judges))).assignments


def test_an_entry_without_enough_free_judges_is_named():
    judges = [JudgeSupply(key=k, label=f"J{k}") for k in range(4)]
    entries = [
        EntryDemand(key="OK000001", track="gov", need=3),
        EntryDemand(key="SHORT001", track="gov", need=3, excluded=frozenset({0, 1})),
    ]

    with pytest.raises(Infeasible) as caught:
        solve(entries, judges)

    assert caught.value.code == "entry_short"
    assert caught.value.entries == ["SHORT001"]
    assert caught.value.figures == {"need": 3, "possible": 2, "track": "gov"}


def test_overload_names_the_entries_and_the_judges_they_are_limited_to():
    # Six finance entries can only go to J0 and J1 (six each), while J2..J5 judge nothing:
    # loads within one of the average (12 / 6 = 2, so at most 3) cannot hold.
    judges = [
        JudgeSupply(key=0, label="J0", tracks=frozenset({"finance"})),
        JudgeSupply(key=1, label="J1", tracks=frozenset({"finance"})),
    ]
    judges += [JudgeSupply(key=k, label=f"J{k}", tracks=frozenset({"gov"})) for k in range(2, 6)]
    entries = [EntryDemand(key=f"F{i}", track="finance", need=2) for i in range(6)]

    with pytest.raises(Infeasible) as caught:
        solve(entries, judges)

    assert caught.value.code == "overload"
    assert caught.value.entries == [f"F{i}" for i in range(6)]
    assert caught.value.judges == ["J0", "J1"]
    assert caught.value.figures["maximum"] == 3


def test_a_cap_allows_uneven_loads_and_balances_within_it():
    judges = [
        JudgeSupply(key=0, label="J0", tracks=frozenset({"finance"})),
        JudgeSupply(key=1, label="J1", tracks=frozenset({"finance"})),
    ]
    judges += [JudgeSupply(key=k, label=f"J{k}", tracks=frozenset({"gov"})) for k in range(2, 6)]
    entries = [EntryDemand(key=f"F{i}", track="finance", need=2) for i in range(6)]
    entries += [EntryDemand(key=f"G{i}", track="gov", need=2) for i in range(4)]

    solution = solve(entries, judges, cap=6)

    assert solution.loads == {0: 6, 1: 6, 2: 2, 3: 2, 4: 2, 5: 2}


def test_a_judge_who_cannot_reach_the_average_is_named():
    judges = [JudgeSupply(key=k, label=f"J{k}", tracks=frozenset({"gov"})) for k in range(3)]
    judges.append(JudgeSupply(key=9, label="Lonely", tracks=frozenset({"finance"})))
    entries = [EntryDemand(key=f"G{i}", track="gov", need=1) for i in range(6)]

    with pytest.raises(Infeasible) as caught:
        solve(entries, judges)

    assert caught.value.code == "underload"
    assert caught.value.judges == ["Lonely"]


def test_kept_assignments_count_towards_the_loads():
    judges = [JudgeSupply(key=0, label="J0", load=2), JudgeSupply(key=1, label="J1"), JudgeSupply(key=2, label="J2")]
    entries = [EntryDemand(key=f"E{i}", track="gov", need=1) for i in range(4)]

    solution = solve(entries, judges)

    assert solution.loads == {0: 2, 1: 2, 2: 2}
    assert all(solution.assignments[e.key] != [0] for e in entries)


def test_after_a_recusal_with_even_loads_the_entry_still_gets_a_judge():
    """Every judge had 3; one recused from E0, whose only free judge already has 3: 4 is within one of 3."""
    judges = [JudgeSupply(key=0, label="J0", load=2)] + [JudgeSupply(key=k, label=f"J{k}", load=3) for k in (1, 2, 3)]
    entries = [EntryDemand(key="E0", track="gov", need=1, excluded=frozenset({0, 1, 2}))]

    solution = solve(entries, judges)

    assert solution.assignments == {"E0": [3]}
    assert solution.loads == {0: 2, 1: 3, 2: 3, 3: 4}
