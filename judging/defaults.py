"""Default criteria from the contest plan, and the default settings of each kind of round.

The plan names what preliminary and re-selection scoring look at (completeness, operability,
fit to the theme) and what the final weighs (practicality, innovation, depth of data use,
business and organisational model, technical solution, feasibility and cost, management).
It gives no weights: the ones below are a starting point organizers edit before scoring.
Each tuple: (name, English name, description, English description, weight, tie-break rank).
"""

from decimal import Decimal

from contest.models import Stage

SCREENING_CRITERIA = [
    (
        "完整性",
        "Completeness",
        "材料、视频与表单信息齐全，作品简介、应用场景、解决的痛点、使用的数据和成效表述完整。",
        "Materials, video and form complete; summary, scenario, problem, data and results all described.",
        Decimal(30),
        3,
    ),
    (
        "可操作性",
        "Operability",
        "作品可以演示或试用，方案能够落地实施。",
        "The work can be demonstrated or tried, and the solution can be put into practice.",
        Decimal(35),
        2,
    ),
    (
        "契合主题",
        "Fit to the theme",
        "紧扣“智慧政务 创想未来”与所选赛道，基于大数据技术解决实际问题。",
        "Close to the contest theme and the chosen track; solves a real problem with big-data technology.",
        Decimal(35),
        1,
    ),
]

FINAL_CRITERIA = [
    (
        "实用性",
        "Practicality",
        "解决实际问题的价值与应用前景。",
        "Value for solving real problems and prospects of use.",
        Decimal(20),
        2,
    ),
    (
        "创新性",
        "Innovation",
        "思路、模式或技术上的创新。",
        "Novelty of the idea, the model or the technology.",
        Decimal(20),
        1,
    ),
    (
        "数据运用深度",
        "Depth of data use",
        "对数据资源的理解、整合与挖掘程度。",
        "How deeply data is understood, combined and analysed.",
        Decimal(15),
        3,
    ),
    (
        "商业与组织模式",
        "Business and organisational model",
        "商业模式分析与组织方式的合理性。",
        "Soundness of the business analysis and the organisational model.",
        Decimal(10),
        None,
    ),
    (
        "技术方案",
        "Technical solution",
        "技术路线的先进性与合理性。",
        "How advanced and sound the technical approach is.",
        Decimal(15),
        None,
    ),
    (
        "可行性与成本",
        "Feasibility and cost",
        "实施条件、周期与成本的可行性。",
        "Feasibility of the conditions, schedule and cost of implementation.",
        Decimal(10),
        None,
    ),
    ("管理", "Management", "项目管理与团队保障。", "Project management and the team behind it.", Decimal(10), None),
]

CRITERIA = {
    Stage.Kind.PRELIMINARY: SCREENING_CRITERIA,
    Stage.Kind.RESELECTION: SCREENING_CRITERIA,
    Stage.Kind.FINAL: FINAL_CRITERIA,
}

# Settings of a new round of each kind (all editable until scoring starts).
ROUND_SETTINGS = {
    Stage.Kind.PRELIMINARY: {
        "judges_per_entry": 3,
        "blind": True,
        "aggregation": "mean",
        "advancement_rule": "top_n",
        "advance_count": 20,
    },
    Stage.Kind.RESELECTION: {
        "judges_per_entry": 5,
        "blind": True,
        "aggregation": "trimmed_mean",
        "advancement_rule": "top_n",
        "advance_count": 8,
    },
    Stage.Kind.FINAL: {
        "judges_per_entry": 7,
        "blind": False,
        "aggregation": "trimmed_mean",
        "advancement_rule": "none",
    },
}
