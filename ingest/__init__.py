"""Readers, contracts and provenance for every raw source of the STO monitor warehouse."""
