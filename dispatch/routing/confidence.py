"""How sure the territory resolver is, by the kind of evidence that decided. One table, so that a
reviewer can read and change the levels in one place. The router dispatches on its own only at or
above ``ROUTING_AUTO_DISPATCH_CONFIDENCE`` (0.8 by default): the levels below are set so that an
official or spoken name, a unique community, an alias or a boundary clears it, and that anything
weak, content-only or contradicted does not.

| evidence for the street                                          | confidence            |
|------------------------------------------------------------------|-----------------------|
| official street name (团结湖街道)                                 | 0.90                  |
| spoken street name (团结湖; 金海湖镇 for 金海湖地区)               | 0.85                  |
| a community's name with its kind word (多福巷社区, 楼梓庄村)        | 0.90                  |
| a community's bare name (多福巷)                                   | 0.85                  |
| a weak name (温泉, 北大街) backed by the district or coordinates   | 0.70                  |
| place alias                                                      | 0.85 + 0.02 per further confirmation, at most +0.10 |
| coordinates inside an imported street boundary                   | 0.90                  |
| + a second, independent level agrees (district named, community, coordinates) | + 0.05   |
| only the district (named, or from coordinates)                   | 0.50; 0.55 when text and coordinates agree |
| ambiguous                                                        | best level ÷ number of candidates |
| found only in the content, or a duplicate decided by the content | × 0.8                 |
| coordinates and text disagree (the text wins)                    | × 0.5                 |

So: 朝阳区团结湖街道 0.95; 多福巷社区 0.90; 海淀区温泉 0.75; a boundary alone 0.90.
"""

STREET_OFFICIAL = 0.90
STREET_SPOKEN = 0.85
COMMUNITY = 0.90
COMMUNITY_BARE = 0.85
SECONDARY_READING = 0.70
ALIAS = 0.85
ALIAS_PER_CONFIRMATION = 0.02
ALIAS_CONFIRMATION_CAP = 0.10
POLYGON = 0.90
DISTRICT_ONLY = 0.50
CORROBORATED = 0.05
CONTENT_FACTOR = 0.8
CONFLICT_FACTOR = 0.5
CEILING = 0.99


def alias_confidence(confirmations: int) -> float:
    return ALIAS + min(ALIAS_CONFIRMATION_CAP, ALIAS_PER_CONFIRMATION * max(0, confirmations - 1))
