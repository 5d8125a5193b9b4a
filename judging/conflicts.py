"""Conflicts of interest between judges and entries, found from the data and not only declared.

A judge may not judge an entry when
* the judge's organisation is the entrant's, or that of one of its team members — compared
  after normalising the names (width, case, spaces, punctuation, "有限责任公司" = "有限公司"),
  or by unified social credit code;
* the judge is a team member of the entry (same phone number or same name) or the account
  that registered it;
* the judge declared a conflict with the entry, its entrant, or an organisation of it.

The matching works on plain identity records, so the benchmark and tests run it without a
database; `entry_identities` and `judge_identities` in `judging.queries` build the records
from the tables.
"""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

ORGANISATION = "organisation"
CREDIT_CODE = "credit_code"
TEAM_MEMBER = "team_member"
ACCOUNT = "account"
DECLARED = "declared"

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
# Spellings of the same legal form; the longer ones first.
_LEGAL_FORMS = (("有限责任公司", "有限公司"), ("股份有限公司", "有限公司"), ("companylimited", "coltd"))


def normalize_organisation(name):
    """A comparable form of an organisation's name: "" for nothing."""
    text = unicodedata.normalize("NFKC", name or "").casefold()
    text = _NOT_WORD.sub("", text)
    for long, short in _LEGAL_FORMS:
        text = text.replace(long, short)
    return text


def normalize_person(name):
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", name or "").casefold())


def normalize_code(code):
    return re.sub(r"\s+", "", code or "").upper()


def _clean(values, normalize):
    return frozenset(v for v in (normalize(value) for value in values) if v)


@dataclass(frozen=True)
class EntryIdentity:
    key: str  # entry code
    entrant_key: object
    account: object = None
    organisations: frozenset = frozenset()
    credit_codes: frozenset = frozenset()
    phones: frozenset = frozenset()
    names: frozenset = frozenset()

    @classmethod
    def build(cls, *, key, entrant_key, account=None, organisations=(), credit_codes=(), phones=(), names=()):
        return cls(
            key=key,
            entrant_key=entrant_key,
            account=account,
            organisations=_clean(organisations, normalize_organisation),
            credit_codes=_clean(credit_codes, normalize_code),
            phones=_clean(phones, str.strip),
            names=_clean(names, normalize_person),
        )


@dataclass(frozen=True)
class JudgeIdentity:
    key: object
    account: object = None
    organisation: str = ""
    credit_code: str = ""
    phone: str = ""
    name: str = ""
    declared_entries: frozenset = frozenset()
    declared_entrants: frozenset = frozenset()
    declared_organisations: frozenset = frozenset()
    declared_credit_codes: frozenset = frozenset()

    @classmethod
    def build(
        cls,
        *,
        key,
        account=None,
        organisation="",
        credit_code="",
        phone="",
        name="",
        declared_entries=(),
        declared_entrants=(),
        declared_organisations=(),
        declared_credit_codes=(),
    ):
        return cls(
            key=key,
            account=account,
            organisation=normalize_organisation(organisation),
            credit_code=normalize_code(credit_code),
            phone=(phone or "").strip(),
            name=normalize_person(name),
            declared_entries=frozenset(declared_entries),
            declared_entrants=frozenset(declared_entrants),
            declared_organisations=_clean(declared_organisations, normalize_organisation),
            declared_credit_codes=_clean(declared_credit_codes, normalize_code),
        )


@dataclass
class _Index:
    by: dict = field(default_factory=lambda: defaultdict(set))

    def add(self, value, judge):
        if value:
            self.by[value].add(judge)

    def find(self, values):
        found = set()
        for value in values:
            found |= self.by.get(value, set())
        return found


def _judge_indexes(judges):
    """Judge keys by each value that identifies them, and by what they declared a conflict with."""
    indexes = {
        name: _Index()
        for name in ("org", "code", "phone", "name", "account", "entry", "entrant", "declared_org", "declared_code")
    }
    for judge in judges:
        indexes["org"].add(judge.organisation, judge.key)
        indexes["code"].add(judge.credit_code, judge.key)
        indexes["phone"].add(judge.phone, judge.key)
        indexes["name"].add(judge.name, judge.key)
        indexes["account"].add(judge.account, judge.key)
        for entry_key in judge.declared_entries:
            indexes["entry"].add(entry_key, judge.key)
        for entrant_key in judge.declared_entrants:
            indexes["entrant"].add(entrant_key, judge.key)
        for organisation in judge.declared_organisations:
            indexes["declared_org"].add(organisation, judge.key)
        for code in judge.declared_credit_codes:
            indexes["declared_code"].add(code, judge.key)
    return indexes


def _reasons(entry, indexes):
    """Judge key → the set of reasons that judge may not judge `entry`."""
    reasons = defaultdict(set)
    for judge in indexes["org"].find(entry.organisations):
        reasons[judge].add(ORGANISATION)
    for judge in indexes["code"].find(entry.credit_codes):
        reasons[judge].add(CREDIT_CODE)
    for judge in indexes["phone"].find(entry.phones) | indexes["name"].find(entry.names):
        reasons[judge].add(TEAM_MEMBER)
    for judge in indexes["account"].find([entry.account]):
        reasons[judge].add(ACCOUNT)
    declared = (
        indexes["entry"].find([entry.key])
        | indexes["entrant"].find([entry.entrant_key])
        | indexes["declared_org"].find(entry.organisations)
        | indexes["declared_code"].find(entry.credit_codes)
    )
    for judge in declared:
        reasons[judge].add(DECLARED)
    return reasons


def conflicts(entries, judges):
    """Entry key → {judge key: sorted reasons} for every conflicted pair (entries without any are absent).

    Indexed by each identifying value, so the cost grows with entries + judges, not their product.
    """
    indexes = _judge_indexes(judges)
    found = {}
    for entry in entries:
        reasons = _reasons(entry, indexes)
        if reasons:
            found[entry.key] = {judge: sorted(why) for judge, why in reasons.items()}
    return found
