from metrics.models.live import AnalysisFigures, LiveFigures, MonthlyVolume
from metrics.models.ranking import RankingRow, RankingSnapshot
from metrics.models.scheme import ASSESSED_KINDS, ScoringScheme
from metrics.models.scope import Appeal, Exclusion, ReasonCode, ScopeEvent
from metrics.models.whistle_band import WhistleRateBand

__all__ = [
    "AnalysisFigures",
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
    "WhistleRateBand",
]
