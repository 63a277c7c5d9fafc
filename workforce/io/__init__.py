"""Importers and exporters: spreadsheets in and out, validated with row and field errors."""
