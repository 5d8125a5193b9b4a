"""The finalist cards the gallery and the API both show: order, place and what the public may see of votes."""

from tests.voting.helpers import make_voter, spread_phone
from voting.queries import Standing, finalist_cards, vote_context
from voting.services import apply_penalty, cast_vote


def show(vote_settings, visibility):
    vote_settings.counts_visibility = visibility
    vote_settings.save()


def test_finalist_cards_give_votes_only_when_the_public_may_see_counts(
    contest, finalists, vote_settings, organizer, after_commit
):
    show(vote_settings, "hidden")
    vote_settings.penalty_ladder = "exclude"
    vote_settings.save()
    apply_penalty(entry=finalists[0], reason="刷票", by=organizer)
    context = vote_context(contest)
    with after_commit():
        for n in range(2):
            cast_vote(
                finalist_code=finalists[2].code, voter=make_voter(spread_phone(n)), ip="203.0.113.7", context=context
            )

    hidden_mode, hidden = finalist_cards(context, by_rank=True)
    show(vote_settings, "ranking")
    ranking_mode, ranking = finalist_cards(vote_context(contest), by_rank=True)
    show(vote_settings, "live")
    counts_mode, counts = finalist_cards(vote_context(contest))
    _, ranked = finalist_cards(vote_context(contest), by_rank=True)

    listed = [card.entry.pk for card in hidden]
    assert hidden_mode == ""
    assert all(card.standing is None for card in hidden)
    assert ranking_mode == "ranking"
    assert {card.entry.pk: card.standing for card in ranking} == {
        finalists[0].pk: None,
        finalists[1].pk: Standing(rank=2),
        finalists[2].pk: Standing(rank=1),
    }
    assert counts_mode == "counts"
    assert [card.entry.pk for card in counts] == listed
    assert {card.entry.pk: card.standing for card in counts} == {
        finalists[0].pk: None,
        finalists[1].pk: Standing(rank=2, votes=0),
        finalists[2].pk: Standing(rank=1, votes=2),
    }
    assert [card.entry.pk for card in ranked] == [finalists[2].pk, finalists[1].pk, finalists[0].pk]
    assert [card.excluded for card in ranked] == [False, False, True]
    assert ranked[0].line == "县域产业集群数据平台。"
