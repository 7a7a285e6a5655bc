"""Locale-aware words: dates and numbers, sums in words, Russian name declension."""
