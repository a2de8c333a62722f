"""Readers for each BLS file format. Each turns one file into figure rows (DataFrame, figures schema)."""
