"""The top floor: pages that compose several apps (a ticket with its assignments, whistles and
assessment; the home dashboard with the deadline calendar's warnings). It may import any domain app;
none imports it."""
