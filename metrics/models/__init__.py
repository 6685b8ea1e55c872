from metrics.models.live import LiveFigures, MonthlyVolume
from metrics.models.ranking import RankingRow, RankingSnapshot
from metrics.models.scheme import ASSESSED_KINDS, ScoringScheme
from metrics.models.scope import Appeal, Exclusion, ReasonCode, ScopeEvent

__all__ = [
    "ASSESSED_KINDS",
    "Appeal",
    "Exclusion",
    "LiveFigures",
    "MonthlyVolume",
    "RankingRow",
    "RankingSnapshot",
    "ReasonCode",
    "ScopeEvent",
    "ScoringScheme",
]
