"""Spreadsheets in and out: CSV import (all or nothing) and export."""
