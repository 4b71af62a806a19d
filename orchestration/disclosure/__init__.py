"""Disclosure control for releases: one pattern of hidden cells for every published table, chosen by
an optimiser and proved by an attacker's audit (docs/release.md, "Disclosure control")."""
