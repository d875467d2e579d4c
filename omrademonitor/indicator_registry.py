"""The indicator registry: one declarative YAML file per indicator, validated on load."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import Field, model_validator

from omrademonitor.breakdowns import BREAKDOWNS
from omrademonitor.definitions import DefinitionError, Strict, Text, load_model
from omrademonitor.periods import DEFAULT_SPAN, PeriodType
from omrademonitor.settings import DISCLOSURE_MIN_COUNT, DISCLOSURE_MIN_DENOMINATOR
from omrademonitor.vocabulary import MUNICIPAL_LEVELS

# The shared theme vocabulary indicators declare (``themes: [...]``); programmes map their own focus
# areas to indicators by id and/or by these themes.
THEMES = (
    "safety",
    "meeting_places",
    "health",
    "education",
    "childhood",
    "work",
    "income",
    "participation",
    "housing",
    "social_housing",
    "urban_environment",
    "green_space",
    "research",
    "demography",
)
AREA_LEVELS = tuple(level.value for level in MUNICIPAL_LEVELS)  # an indicator's smallest level


class Kind(StrEnum):
    """What role an indicator plays in the programme."""

    CONTEXT = "context"  # living-condition context
    OUTCOME = "outcome"  # programme effect / outcome
    OUTPUT = "output"  # output of a measure


class Direction(StrEnum):
    """Which way is better."""

    HIGHER = "higher_is_better"
    LOWER = "lower_is_better"
    NONE = "none"


class Unit(StrEnum):
    """Unit of the indicator value."""

    PERCENT = "percent"
    PER_1000 = "per_1000"
    COUNT = "count"
    NOK = "nok"
    YEARS = "years"
    SCORE = "score"
    SQUARE_METRES = "square_metres"


class Aggregation(StrEnum):
    """How values of small areas combine into a larger area."""

    RATIO = "ratio"  # sum(numerator) / sum(denominator) * scale
    SUM = "sum"  # counts add up
    WEIGHTED_MEAN = "weighted_mean"  # mean weighted by denominator
    NONE = "none"  # cannot be aggregated; each level must be delivered


class SourceKind(StrEnum):
    """Where observations come from."""

    SSB = "ssb"
    MUNICIPAL_REGISTER = "municipal_register"
    SURVEY = "survey"
    PROGRAMME = "programme"


class Frequency(StrEnum):
    """How often a new period is published."""

    ANNUAL = "annual"
    BIENNIAL = "biennial"


class Source(Strict):
    """Origin of the figures."""

    kind: SourceKind
    name: Text
    ssb_table: Annotated[str, Field(pattern=r"^\d{5}$")] | None = None
    url: str | None = None

    @model_validator(mode="after")
    def _ssb_has_table(self) -> Source:
        if self.kind == SourceKind.SSB and not self.ssb_table:
            raise ValueError("an SSB source needs 'ssb_table' (five digits)")
        return self


class Disclosure(Strict):
    """Small-count suppression rule; the defaults are the settings' (``settings.DISCLOSURE_MIN_COUNT``)."""

    min_count: Annotated[int, Field(ge=0)] = DISCLOSURE_MIN_COUNT
    min_denominator: Annotated[int, Field(ge=0)] = DISCLOSURE_MIN_DENOMINATOR


class TargetStatus(StrEnum):
    """Whether a target is the programme's (adopted by a decision) or only a proposal."""

    ADOPTED = "adopted"  # set by a decision of the programme or its owners; needs its source
    PROPOSED = "proposed"  # a proposal or a demonstration value: never shown as the programme's


class TargetSource(Strict):
    """The document and decision that set a target."""

    document: Text  # the document that states the target (e.g. the programme description)
    decision: Text | None = None  # the body and case that adopted it (e.g. the city council, case number)
    date: dt.date  # the date of the decision or, for a proposal, of the document
    url: str | None = None


COUNT_ID = r"^[a-z][a-z0-9_]*$"


class SharedCounts(Strict):
    """Names of counts that other indicators carry too (e.g. the same dwellings or residents).

    A count hidden in one indicator must be hidden in every indicator that carries it, so
    disclosure control treats cells with the same name, area and period as one figure.
    """

    numerator: Annotated[str, Field(pattern=COUNT_ID)] | None = None
    denominator: Annotated[str, Field(pattern=COUNT_ID)] | None = None


class Target(Strict):
    """A target value to reach by a year, with its owner: its source and who entered it.

    A target is data with an owner, not a default: an *adopted* target needs the document and date
    that set it; anything else is *proposed* and is only ever shown under that label, and never
    drives a progress status.
    """

    value: float
    year: Annotated[int, Field(ge=2000, le=2100)]
    status: TargetStatus
    source: TargetSource | None = None
    entered_by: Annotated[str, Field(min_length=2)]  # who entered it (name, role or organisation)

    @model_validator(mode="after")
    def _adopted_has_source(self) -> Target:
        if self.status == TargetStatus.ADOPTED and self.source is None:
            raise ValueError("an adopted target needs its source (document and date of the decision)")
        return self

    @property
    def adopted(self) -> bool:
        """Whether the target is the programme's: adopted, with a source."""
        return self.status == TargetStatus.ADOPTED and self.source is not None


class Indicator(Strict):
    """One indicator as declared in ``indicators/<id>.yaml``."""

    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    name: Text
    short_name: Text | None = None
    themes: Annotated[list[str], Field(min_length=1)]
    kind: Kind
    unit: Unit
    direction: Direction
    definition: Text
    numerator: Text | None = None
    denominator: Text | None = None
    aggregation: Aggregation
    scale: Annotated[float, Field(gt=0)] = 1.0
    fractional_counts: bool = False  # numerator/denominator may be fractional (weighted, averaged, NOK)
    source: Source
    level: str
    frequency: Frequency = Frequency.ANNUAL
    period_type: PeriodType = PeriodType.YEAR  # SSB's period codes: 2023, 2019-2021, 2023H1, 2023K4, 2023M12
    period_years: Annotated[int, Field(ge=2, le=10)] | None = None  # how many years a multi_year period spans
    breakdowns: list[str] = Field(default_factory=list)  # also given by these (omrademonitor.breakdowns)
    first_period: Annotated[int, Field(ge=1990, le=2100)]
    decimals: Annotated[int, Field(ge=0, le=3)] = 1
    disclosure: Disclosure = Disclosure()
    counts: SharedCounts = SharedCounts()
    baseline_year: Annotated[int, Field(ge=1990, le=2100)] | None = None
    target: Target | None = None
    headline: bool = False
    notes: Text | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Indicator:
        unknown = [theme for theme in self.themes if theme not in THEMES]
        if unknown:
            raise ValueError(f"themes: unknown theme '{unknown[0]}' (known: {', '.join(THEMES)})")
        if len(set(self.themes)) != len(self.themes):
            raise ValueError("themes: a theme is listed twice")
        if self.period_years is not None and self.period_type != PeriodType.MULTI_YEAR:
            raise ValueError("period_years is only for period_type 'multi_year'")
        unknown = [b for b in self.breakdowns if b not in BREAKDOWNS]
        if unknown:
            raise ValueError(f"breakdowns: unknown breakdown '{unknown[0]}' (known: {', '.join(BREAKDOWNS)})")
        if len(set(self.breakdowns)) != len(self.breakdowns):
            raise ValueError("breakdowns: a breakdown is listed twice")
        if self.level not in AREA_LEVELS:
            raise ValueError(f"level must be one of {', '.join(AREA_LEVELS)}")
        if self.aggregation == Aggregation.RATIO and not (self.numerator and self.denominator):
            raise ValueError("aggregation 'ratio' needs both 'numerator' and 'denominator'")
        if self.unit == Unit.PERCENT and self.aggregation == Aggregation.RATIO and self.scale != 100:
            raise ValueError("a percentage built as a ratio needs scale 100")
        if self.unit == Unit.PER_1000 and self.aggregation == Aggregation.RATIO and self.scale != 1000:
            raise ValueError("a rate per 1000 built as a ratio needs scale 1000")
        if self.target and self.baseline_year and self.target.year <= self.baseline_year:
            raise ValueError("target.year must come after baseline_year")
        if self.target and self.direction == Direction.NONE:
            raise ValueError("an indicator with no direction cannot have a target")
        if self.counts.numerator and not (self.numerator or self.unit == Unit.COUNT):
            raise ValueError("counts.numerator needs a numerator (or a value that is a count)")
        if self.counts.denominator and not self.denominator:
            raise ValueError("counts.denominator needs a denominator")
        if self.baseline_year and self.baseline_year < self.first_period:
            raise ValueError("baseline_year is before first_period")
        return self

    @property
    def period_span(self) -> int:
        """How many years one period spans (1 unless the indicator is multi-year)."""
        if self.period_type == PeriodType.MULTI_YEAR:
            return self.period_years or DEFAULT_SPAN
        return 1

    @property
    def annual(self) -> bool:
        """Whether the stored period is the year itself."""
        return self.period_type == PeriodType.YEAR

    @property
    def has_counts(self) -> bool:
        """Whether observations carry a numerator (cases) that disclosure control can test."""
        return self.numerator is not None

    @property
    def value_is_count(self) -> bool:
        """Whether the value itself is a count (so a file with only a value still carries its cases)."""
        return self.unit == Unit.COUNT

    def count_ids(self) -> tuple[str | None, str | None]:
        """The names of the numerator's and the denominator's counts (shared names where declared)."""
        numerator = self.counts.numerator or (f"{self.id}.numerator" if self.numerator else None)
        denominator = (self.counts.denominator or f"{self.id}.denominator") if self.denominator else None
        return numerator, denominator


class Registry:
    """All indicators, in a stable order (by id; a programme orders them by its focus areas)."""

    def __init__(self, indicators: list[Indicator]) -> None:
        self._items = sorted(indicators, key=lambda ind: ind.id)
        self._by_id = {ind.id: ind for ind in self._items}

    def __iter__(self):
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, indicator_id: str) -> Indicator:
        return self._by_id[indicator_id]

    def __contains__(self, indicator_id: object) -> bool:
        return indicator_id in self._by_id

    def ids(self) -> list[str]:
        """Indicator ids in registry order."""
        return [ind.id for ind in self._items]

    def default_map_indicator(self, among: list[Indicator] | None = None) -> Indicator:
        """The indicator a map opens on: the first headline outcome at zone level, else the first
        (of ``among``, e.g. a programme's indicators in its order, when given)."""
        items = among or self._items
        candidates = [
            i
            for i in items
            if i.headline and i.kind == Kind.OUTCOME and i.level == "levekarssone" and i.frequency == Frequency.ANNUAL
        ]
        return (candidates or items)[0]

    def with_themes(self, themes: list[str] | tuple[str, ...]) -> list[Indicator]:
        """Indicators that serve any of ``themes``."""
        wanted = set(themes)
        return [ind for ind in self._items if wanted & set(ind.themes)]


def load_indicator(path: Path) -> Indicator:
    """Load and validate one indicator file; its id must match the file name."""
    indicator = load_model(Indicator, path)
    if indicator.id != path.stem:
        raise DefinitionError(path, "id", f"id '{indicator.id}' must equal the file name '{path.stem}'")
    return indicator


def load_registry(folder: Path) -> Registry:
    """Load every ``*.yaml``/``*.yml`` in ``folder``; duplicate ids and bad files raise DefinitionError."""
    paths = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])
    if not paths:
        raise DefinitionError(folder, "", "no indicator files (*.yaml) found")
    seen: dict[str, Path] = {}
    indicators = []
    for path in paths:
        indicator = load_indicator(path)
        if indicator.id in seen:
            raise DefinitionError(path, "id", f"duplicate id '{indicator.id}' (also in {seen[indicator.id].name})")
        seen[indicator.id] = path
        indicators.append(indicator)
    return Registry(indicators)
