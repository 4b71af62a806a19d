"""Synthetic demo landing data in the real DUO formats, so the quick start works without ../shared."""
