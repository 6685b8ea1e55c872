"""The whistle API, with the pages' rules: ``visible_whistles`` decides 404, the state table's
standings 403, the state 409. The summoned department's steps on a summons are ``departments.api``."""
