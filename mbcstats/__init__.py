"""mbcstats: labor-market figures for medical billers and coders, with their provenance."""

from mbcstats.load import DEFAULT_DATA_DIR, Package, load_package, load_tables
from mbcstats.validate import DataError

__all__ = ["DEFAULT_DATA_DIR", "DataError", "Package", "load_package", "load_tables"]
