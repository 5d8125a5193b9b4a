"""The first edition's awards, from the contest plan.

One grand prize across the tracks (¥500,000); per track one first (¥100,000), two second
(¥50,000) and three third (¥20,000) prizes; single awards without money, as many as the
finalists left need (count 0), so that every finalist receives a prize; and the popularity
award of the public vote. Organizers edit them in the admin.
Each tuple: (name, English name, scope, count, prize money or None, wording, English wording).
"""

from decimal import Decimal

from .models import AwardScope

AWARD_TYPES = [
    ("特等奖", "Grand prize", AwardScope.OVERALL, 1, Decimal(500000), "荣获特等奖", "is awarded the Grand Prize"),
    ("一等奖", "First prize", AwardScope.PER_TRACK, 1, Decimal(100000), "荣获一等奖", "is awarded the First Prize"),
    ("二等奖", "Second prize", AwardScope.PER_TRACK, 2, Decimal(50000), "荣获二等奖", "is awarded the Second Prize"),
    ("三等奖", "Third prize", AwardScope.PER_TRACK, 3, Decimal(20000), "荣获三等奖", "is awarded the Third Prize"),
    (
        "优秀案例奖",
        "Excellent case award",
        AwardScope.SINGLE,
        0,
        None,
        "荣获优秀案例奖",
        "is awarded the Excellent Case Award",
    ),
    (
        "特色成果奖",
        "Distinctive achievement award",
        AwardScope.SINGLE,
        0,
        None,
        "荣获特色成果奖",
        "is awarded the Distinctive Achievement Award",
    ),
    (
        "创新精神奖",
        "Innovative spirit award",
        AwardScope.SINGLE,
        0,
        None,
        "荣获创新精神奖",
        "is awarded the Innovative Spirit Award",
    ),
    ("人气奖", "Popularity award", AwardScope.POPULARITY, 1, None, "荣获人气奖", "is awarded the Popularity Award"),
]
