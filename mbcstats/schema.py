"""Table schemas of the data package: columns, types, allowed values and keys.

This module is the single place where the shape of every table is defined.
`python -m mbcstats package` writes these schemas into `data/datapackage.json`
(Frictionless Table Schema), and validation reads them back from there, so a
hand-edited descriptor is checked as it stands.
"""

from __future__ import annotations

MEASURES = {
    "wage_annual": "Annual wage (OEWS: hourly wage x 2,080 hours where no hourly wage is published)",
    "wage_hourly": "Hourly wage",
    "oews_employment": "OEWS employment: wage and salary jobs, May reference period; excludes the self-employed",
    "ep_employment": "Employment Projections employment: annual average of all workers, including the self-employed",
    "ep_employment_change": "Employment Projections: numeric change in employment over the projection decade",
    "ep_growth": "Employment Projections: percent change in employment over the projection decade",
    "ep_openings": "Employment Projections: occupational openings, annual average over the projection decade",
    "remote_share": "Share of workers who work remotely",
    "certification_premium": "Pay of certified workers above that of non-certified workers",
    "employer_share": "Share of an occupation's jobs in one employer group (industry)",
    "code_set_size": "Number of codes in a medical code set",
    "training_length": "Length of a training programme",
    "time_to_work": "Time from starting training to starting work",
    "training_cost": "Cost of a training programme",
    "experience_required": "Work experience asked for by employers",
    "pay_claim": "A pay figure with no identifiable source or statistic",
    "jobs_per_1000": "OEWS employment per 1,000 jobs (of all occupations) in the area",
    "location_quotient": "OEWS location quotient: the occupation's share of the area's employment divided by its share of national employment",
}

STATISTICS = {
    "median": "Median: half earn more, half earn less",
    "mean": "Mean (arithmetic average)",
    "p10": "10th percentile: 10 % earn less",
    "p25": "25th percentile",
    "p75": "75th percentile",
    "p90": "90th percentile: 10 % earn more (a threshold, not the average of the top 10 %)",
    "count": "A count",
    "projected_count": "A projected count for the target year",
    "percent_change": "Percent change",
    "numeric_change": "Numeric change",
    "share": "Share in percent",
    "rse": "Relative standard error of the estimate, in percent",
    "premium_percent": "Difference in percent of the lower group's pay",
    "range_low": "Lower end of a range as stated",
    "range_high": "Upper end of a range as stated",
    "typical": "A single typical value as stated, with no distribution given",
    "rate": "A rate: how many per a stated number of a base (the unit says which)",
    "ratio": "A ratio of two shares; 1.0 means the same as the reference",
}

UNITS = {
    "usd_per_year": "US dollars per year",
    "usd_per_hour": "US dollars per hour",
    "usd": "US dollars",
    "percent": "percent",
    "jobs": "jobs",
    "thousand_jobs": "thousands of jobs",
    "codes": "codes",
    "months": "months",
    "years": "years",
    "per_thousand_jobs": "per 1,000 jobs in the area",
    "ratio": "ratio (no unit)",
}

VERIFICATIONS = {
    "matched_primary_file": "Value read from, or checked against, a named primary file whose sha256 is recorded",
    "as_reported": "Taken as reported by an article that names its source; no primary file was available",
    "unsourced": "Stated by an article with no identifiable source; never shown as an official figure",
}

VALUE_QUALIFIERS = ["", "approximately", "more than", "at least", "up to", "less than"]

# BLS special values: https://www.bls.gov/oes/ field descriptions ("*", "**", "#").
FOOTNOTES = {
    "": "",
    "*": "BLS: wage estimate not available",
    "**": "BLS: employment estimate not provided",
    "#": "BLS: wage equal to or greater than the top-coding bound",
    "—": "BLS: data unavailable",
    "N/A": "BLS projections tool: not available",
    # BLS time-series files (oe.data, oe.footnote): the value is "-" and the footnote code says why.
    # Codes 1-3 (and 4 beside a number) only describe a published value and are not kept as flags.
    "4": "BLS (OEWS footnote 4): not published on this basis. Wages for some occupations that do not generally work "
         "year-round, full time, are reported either as hourly wages or annual salaries depending on how they are typically paid.",
    "5": "BLS (OEWS footnote 5): This wage is equal to or greater than the top-coding bound BLS sets for the release, "
         "per hour or per year.",
    "8": "BLS (OEWS footnote 8): Estimate not released.",
}

# OEWS time-series datatype code -> (measure, statistic, unit, column of the national XLSX file).
# Datatype names (oe.datatype): 01 Employment, 02 Employment percent relative standard error, 03 Hourly mean
# wage, 04 Annual mean wage, 05 Wage percent relative standard error, 06-10 Hourly 10th/25th/median/75th/90th
# percentile wage, 11-15 the same annual, 16 Employment per 1,000 jobs, 17 Location Quotient.
OEWS_DATATYPES = {
    "01": ("oews_employment", "count", "jobs", "TOT_EMP"),
    "02": ("oews_employment", "rse", "percent", "EMP_PRSE"),
    "03": ("wage_hourly", "mean", "usd_per_hour", "H_MEAN"),
    "04": ("wage_annual", "mean", "usd_per_year", "A_MEAN"),
    "05": ("wage_annual", "rse", "percent", "MEAN_PRSE"),
    "06": ("wage_hourly", "p10", "usd_per_hour", "H_PCT10"),
    "07": ("wage_hourly", "p25", "usd_per_hour", "H_PCT25"),
    "08": ("wage_hourly", "median", "usd_per_hour", "H_MEDIAN"),
    "09": ("wage_hourly", "p75", "usd_per_hour", "H_PCT75"),
    "10": ("wage_hourly", "p90", "usd_per_hour", "H_PCT90"),
    "11": ("wage_annual", "p10", "usd_per_year", "A_PCT10"),
    "12": ("wage_annual", "p25", "usd_per_year", "A_PCT25"),
    "13": ("wage_annual", "median", "usd_per_year", "A_MEDIAN"),
    "14": ("wage_annual", "p75", "usd_per_year", "A_PCT75"),
    "15": ("wage_annual", "p90", "usd_per_year", "A_PCT90"),
    "16": ("jobs_per_1000", "rate", "per_thousand_jobs", "JOBS_1000"),
    "17": ("location_quotient", "ratio", "ratio", "LOC_QUOTIENT"),
}
AREA_TYPES = {
    "national": "The United States (OEWS area type N)",
    "state": "A state, the District of Columbia, Puerto Rico, Guam or the Virgin Islands (area type S)",
    "metro": "A metropolitan statistical area (area type M)",
    "nonmetro": "A BLS nonmetropolitan area: the rest of a state outside its metropolitan areas (area type M)",
}

# An industry's level in the OEWS industry list (mbcstats/ingest/oews_industries.py says how each is read): rows
# of one level never overlap, so they add up to at most the all-industries total; rows of two levels must not be added.
INDUSTRY_LEVELS = {
    "all industries": "Every industry and ownership (cross-industry)",
    "ownership": "Private industry, or all government (federal, state and local, with their schools and hospitals)",
    "government level": "Federal, state or local government, each with its schools and hospitals (OEWS designation)",
    "sector": "A NAICS sector (two digits), or sector 99, government without its schools, hospitals and postal service",
    "3-digit": "A NAICS 3-digit industry (subsector)",
    "3-digit by ownership": "A 3-digit industry limited to one ownership (state government, local government, private)",
    "4-digit": "A NAICS 4-digit industry group (or an OEWS group of them)",
    "4-digit by ownership": "A 4-digit industry group limited to one ownership",
    "5- or 6-digit": "A NAICS 5- or 6-digit industry",
}
OWNERSHIPS = ["all ownerships", "private", "government", "federal government", "state government", "local government"]

SOURCE_KINDS = ["official_statistics", "handbook", "industry_survey", "code_set_publisher", "article",
                "occupational_information"]  # O*NET: what each occupation is, in the official words

OCCUPATION_MATCHES = {
    "exact": "The figure is published for this SOC occupation",
    "nearest": "The figure describes a population that is not a SOC occupation; this is the nearest one",
}


def _field(name, type_, description, *, required=False, enum=None, unit=None, pattern=None):
    field = {"name": name, "type": type_, "description": description}
    constraints = {}
    if required:
        constraints["required"] = True
    if enum is not None:
        constraints["enum"] = list(enum)
    if pattern is not None:
        constraints["pattern"] = pattern
    if constraints:
        field["constraints"] = constraints
    if unit is not None:
        field["unit"] = unit
    return field


VERSION_PATTERN = r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)"  # MAJOR.MINOR.PATCH, no leading zeros
WEB_ADDRESS_PATTERN = r"https?://[^\s]+"  # a link a reader can follow: never javascript: or data:
SOC_PATTERN = r"[0-9]{2}-[0-9]{4}"
ONET_SOC_PATTERN = r"[0-9]{2}-[0-9]{4}\.[0-9]{2}"  # O*NET-SOC: the SOC code and two digits, .00 for the occupation itself

_added_in = _field("added_in", "string", "Data version in which this row was added", required=True,
                   pattern=VERSION_PATTERN)


# Every table but the seals themselves: a release's rows in each are sealed.
SEALED_TABLES = ["versions", "sources", "primary_files", "occupations", "articles", "known_releases", "figures",
                 "article_quotes", "oews_detail", "occupation_descriptions", "industries"]


def _fk(field, resource, ref_field):
    return {"fields": field, "reference": {"resource": resource, "fields": ref_field}}


TABLES: dict[str, dict] = {
    "versions": {
        "path": "versions.csv",
        "title": "Data versions",
        "description": "Every release of this data package. Semantic versioning: PATCH corrects, MINOR appends, MAJOR changes fields.",
        "schema": {
            "fields": [
                _field("version", "string", "Semantic version", required=True, pattern=VERSION_PATTERN),
                _field("released", "date", "Date the version was released", required=True),
                _field("summary", "string", "What the version added or corrected", required=True),
            ],
            "primaryKey": ["version"],
        },
    },
    "sources": {
        "path": "sources.csv",
        "title": "Sources",
        "description": "Every publication a figure comes from.",
        "schema": {
            "fields": [
                _field("source_id", "string", "Key used by other tables", required=True),
                _field("publisher", "string", "Who published it", required=True),
                _field("program", "string", "Statistical program or publication series", required=True),
                _field("title", "string", "Title of the release or publication", required=True),
                _field("short_label", "string", "Short citation shown beside a figure, such as 'BLS OEWS, May 2024'", required=True),
                _field("edition", "string", "Edition, release or reference period of the publication", required=True),
                _field("publication_date", "string", "Date published (YYYY-MM-DD, YYYY-MM or YYYY); empty where not known"),
                _field("url", "string", "Where the publication can be read (http or https)", pattern=WEB_ADDRESS_PATTERN),
                _field("kind", "string", "Kind of source", required=True, enum=SOURCE_KINDS),
                _field("notes", "string", "Definitions and caveats"),
                _added_in,
            ],
            "primaryKey": ["source_id"],
        },
    },
    "primary_files": {
        "path": "primary_files.csv",
        "title": "Primary files",
        "description": "Unmodified copies of the files that figures were read from or checked against.",
        "schema": {
            "fields": [
                _field("file_name", "string", "File name", required=True),
                _field("path", "string", "Path of the committed copy, relative to data/; empty where the file is too large "
                       "to commit, and obtained_from then says how to get it"),
                _field("sha256", "string", "SHA-256 of the file", required=True, pattern="[0-9a-f]{64}"),
                _field("source_id", "string", "Publication the file belongs to", required=True),
                _field("obtained_from", "string", "Where this copy was obtained"),
                _added_in,
            ],
            "primaryKey": ["file_name"],
            "foreignKeys": [_fk("source_id", "sources", "source_id")],
        },
    },
    "occupations": {
        "path": "occupations.csv",
        "title": "Occupations",
        "description": "Occupations in the data, by Standard Occupational Classification (SOC) code.",
        "schema": {
            "fields": [
                _field("soc_code", "string", "SOC code", required=True, pattern=SOC_PATTERN),
                _field("title", "string", "BLS title", required=True),
                _field("soc_version", "string", "SOC edition the code belongs to", required=True, enum=["SOC 2010", "SOC 2018"]),
                _field("role", "string", "Why the dashboard carries it", required=True,
                       enum=["coders", "billers", "all_occupations", "related", "pre_2018_predecessor"]),
                _field("valid_from", "string", "First OEWS reference period published under this code"),
                _field("valid_to", "string", "Last OEWS reference period published under this code"),
                _field("notes", "string", "How the occupation relates to medical billing and coding"),
                _added_in,
            ],
            "primaryKey": ["soc_code"],
        },
    },
    "articles": {
        "path": "articles.csv",
        "title": "Articles",
        "description": "Articles whose quoted figures are checked against the data.",
        "schema": {
            "fields": [
                _field("article_id", "string", "Key used by other tables", required=True),
                _field("title", "string", "Headline of the article", required=True),
                _field("file", "string", "Committed copy of the text, relative to data/", required=True),
                _field("sha256", "string", "SHA-256 of the committed text", required=True, pattern="[0-9a-f]{64}"),
                _field("url", "string", "Where it was published, where known (http or https)", pattern=WEB_ADDRESS_PATTERN),
                _added_in,
            ],
            "primaryKey": ["article_id"],
        },
    },
    "known_releases": {
        "path": "known_releases.csv",
        "title": "Known releases",
        "description": "Releases a producer has published, whether or not this package holds them, so a figure can say when a newer one exists.",
        "schema": {
            "fields": [
                _field("source_id", "string", "The source_id the release has, or will have once ingested", required=True),
                _field("program", "string", "Statistical program", required=True),
                _field("edition", "string", "Edition or reference period", required=True),
                _field("year", "integer", "Reference year (OEWS May year, projection base year)", required=True),
                _field("publication_date", "string", "When it was published (YYYY-MM-DD, YYYY-MM or YYYY)", required=True),
                _field("file_name", "string", "Name of the file the ingest takes", required=True),
                _field("sha256", "string", "SHA-256 the file must have, where known; the ingest refuses another", pattern="[0-9a-f]{64}"),
                _field("bytes", "integer", "Size of the file in bytes, where known"),
                _field("usual_schedule", "string", "When the producer usually publishes the next release", required=True),
                _field("evidence", "string", "Where these facts come from", required=True),
                _added_in,
            ],
            "primaryKey": ["source_id"],
        },
    },
    "figures": {
        "path": "figures.csv",
        "title": "Figures",
        "description": ("One row per published number, with its definition and provenance. Append-only: a correction is "
                        "a new row whose `supersedes` names the row it replaces."),
        "schema": {
            "fields": [
                _field("figure_id", "string", "Stable key of this figure", required=True),
                _field("occupation_code", "string", "SOC code of the occupation", required=True, pattern=SOC_PATTERN),
                _field("occupation_match", "string", "Whether the figure is published for this SOC code or describes a population mapped to it",
                       required=True, enum=list(OCCUPATION_MATCHES)),
                _field("population", "string", "Who the figure describes, where that is not the SOC occupation as BLS defines it"),
                _field("measure", "string", "What is measured", required=True, enum=list(MEASURES)),
                _field("statistic", "string", "Which statistic of the measure", required=True, enum=list(STATISTICS)),
                _field("unit", "string", "Unit of value", required=True, enum=list(UNITS)),
                _field("value", "number",
                       "The value exactly as published; empty only where a BLS footnote says it was not released"),
                _field("value_qualifier", "string", "Qualifier the publication puts on the value", enum=VALUE_QUALIFIERS),
                _field("value_precise", "number",
                       "A more precise value of the same figure found in a primary file, where the publication rounded it"),
                _field("footnote", "string", "BLS special value in place of a number", enum=list(FOOTNOTES)),
                _field("area", "string", "Geographic area", required=True),
                _field("setting", "string", "Industry or employer group; 'All industries' where not broken down", required=True),
                _field("period", "string", "Reference period as a label (May 2024, 2024-34, 2025)", required=True),
                _field("year", "integer",
                       "Reference year (OEWS May year, projection base year, survey year); empty where the publication gives none"),
                _field("target_year", "integer", "Projection target year"),
                _field("source_id", "string", "Publication the figure comes from", required=True),
                _field("verification", "string", "How the value was verified", required=True, enum=list(VERIFICATIONS)),
                _field("verified_file", "string", "Primary file the value was read from or checked against"),
                _field("note", "string", "True definition, caveats and corrections"),
                _added_in,
                _field("supersedes", "string", "figure_id of the row this row corrects"),
            ],
            "primaryKey": ["figure_id"],
            "foreignKeys": [
                _fk("occupation_code", "occupations", "soc_code"),
                _fk("source_id", "sources", "source_id"),
                _fk("verified_file", "primary_files", "file_name"),
                _fk("added_in", "versions", "version"),
                _fk("supersedes", "", "figure_id"),
            ],
        },
    },
    "article_quotes": {
        "path": "article_quotes.csv",
        "title": "Article quotes",
        "description": "Every figure an article quotes, as the article states it, linked to the figure it really is.",
        "schema": {
            "fields": [
                _field("quote_id", "string", "Key of this quote", required=True),
                _field("article_id", "string", "Article quoting the figure", required=True),
                _field("figure_id", "string", "Figure the quote refers to", required=True),
                _field("sentence", "string", "The article's sentence, verbatim", required=True),
                _field("quoted_text", "string", "The figure as the article writes it, verbatim", required=True),
                _field("quoted_value", "number", "The figure as the article states it, as a number; empty where the article gives only words"),
                _field("quoted_unit", "string", "Unit of quoted_value", required=True, enum=list(UNITS)),
                _field("article_label", "string", "What the article calls the figure", required=True),
                _field("correction", "string", "What is wrong or loose in the article's wording; empty where nothing is"),
                _added_in,
                _field("supersedes", "string", "quote_id of the row this row corrects (releases are append-only)"),
            ],
            "primaryKey": ["quote_id"],
            "foreignKeys": [
                _fk("article_id", "articles", "article_id"),
                _fk("figure_id", "figures", "figure_id"),
                _fk("supersedes", "", "quote_id"),
            ],
        },
    },
    "oews_detail": {
        "path": "oews_detail.csv",
        "title": "OEWS detail",
        "description": "OEWS estimates below the national all-industries level, one row per published value (BLS series): "
                       "each state, metropolitan and nonmetropolitan area, and each national industry, for the occupations "
                       "in occupations.csv. National all-industries estimates are in figures.csv. The wage RSE (datatype 05) "
                       "is that of the mean wage, hourly and annual. Append-only, like figures.csv.",
        "schema": {
            "fields": [
                _field("figure_id", "string", "Stable key: 'oews-m<year>-' and the BLS series id (OEU, area type, area, "
                       "industry, occupation, datatype)", required=True),
                _field("occupation_code", "string", "SOC code of the occupation", required=True, pattern=SOC_PATTERN),
                _field("area_type", "string", "Kind of area", required=True, enum=list(AREA_TYPES)),
                _field("area_code", "string", "BLS OEWS area code", required=True, pattern="[0-9]{7}"),
                _field("area_name", "string", "BLS area name ('United States' for the nation)", required=True),
                _field("state_code", "string", "FIPS code of the area's state (of its principal state for a metropolitan "
                       "area; 00 for the nation)", required=True, pattern="[0-9]{2}"),
                _field("industry_code", "string", "BLS OEWS industry code (NAICS-based); 000000 = all industries",
                       required=True, pattern="[0-9A-Z-]{6}"),
                _field("industry_name", "string", "BLS industry title ('All industries' for 000000, which BLS calls "
                       "'Cross-Industry, Private, Federal, State, and Local')", required=True),
                _field("measure", "string", "What is measured", required=True, enum=list(MEASURES)),
                _field("statistic", "string", "Which statistic of the measure", required=True, enum=list(STATISTICS)),
                _field("unit", "string", "Unit of value", required=True, enum=list(UNITS)),
                _field("value", "number", "The value as published; empty only where footnote says why"),
                _field("footnote", "string", "BLS footnote that stands in place of a number", enum=list(FOOTNOTES)),
                _field("period", "string", "Reference period (May 2025)", required=True),
                _field("year", "integer", "Reference year", required=True),
                _field("source_id", "string", "Publication the value comes from", required=True),
                _field("verified_file", "string", "Primary file the value was read from", required=True),
                _added_in,
            ],
            "primaryKey": ["figure_id"],
            "foreignKeys": [
                _fk("occupation_code", "occupations", "soc_code"),
                _fk("source_id", "sources", "source_id"),
                _fk("verified_file", "primary_files", "file_name"),
                _fk("added_in", "versions", "version"),
            ],
        },
    },
    "occupation_descriptions": {
        "path": "occupation_descriptions.csv",
        "title": "Occupation descriptions",
        "description": "What each occupation in occupations.csv is, in the official words: O*NET's title and one-paragraph "
                       "description of the occupation (its O*NET-SOC code ending .00), from a committed primary file. An "
                       "occupation O*NET does not describe (the all-occupations total, a retired SOC 2010 code) has no "
                       "row. Append-only: a later O*NET edition adds rows with its own source.",
        "schema": {
            "fields": [
                _field("soc_code", "string", "SOC code of the occupation described", required=True, pattern=SOC_PATTERN),
                _field("onet_soc_code", "string", "O*NET-SOC code the description belongs to", required=True,
                       pattern=ONET_SOC_PATTERN),
                _field("title", "string", "O*NET title, as published", required=True),
                _field("description", "string", "O*NET description, as published, character for character", required=True),
                _field("source_id", "string", "Publication the description comes from", required=True),
                _field("verified_file", "string", "Primary file the description was read from", required=True),
                _added_in,
            ],
            "primaryKey": ["soc_code", "source_id"],
            "foreignKeys": [
                _fk("soc_code", "occupations", "soc_code"),
                _fk("source_id", "sources", "source_id"),
                _fk("verified_file", "primary_files", "file_name"),
            ],
        },
    },
    "industries": {
        "path": "industries.csv",
        "title": "OEWS industries and their levels",
        "description": "Every industry of the OEWS industry list (BLS oe.industry) with its level and ownership, so that "
                       "oews_detail rows of one level can be chosen and added up: rows of one level never overlap, rows "
                       "of two levels do (a sector holds its 3-digit industries). The level is read from BLS's display "
                       "level and the OEWS code by mbcstats/ingest/oews_industries.py. Append-only: a later OEWS release "
                       "adds rows with its own source.",
        "schema": {
            "fields": [
                _field("industry_code", "string", "BLS OEWS industry code, as in oews_detail", required=True,
                       pattern="[0-9A-Z-]{6}"),
                _field("industry_name", "string", "BLS industry title ('All industries' for 000000, as in oews_detail)",
                       required=True),
                _field("level", "string", "The industry's level: rows of one level never overlap", required=True,
                       enum=list(INDUSTRY_LEVELS)),
                _field("ownership", "string", "The ownership the industry is limited to, as its BLS title states it",
                       required=True, enum=OWNERSHIPS),
                _field("bls_display_level", "integer", "BLS's display_level of the industry in oe.industry (0 all "
                       "industries to 5 the most detailed)", required=True),
                _field("source_id", "string", "Publication the industry list comes from", required=True),
                _field("verified_file", "string", "Primary file the industry list was read from", required=True),
                _added_in,
            ],
            "primaryKey": ["industry_code", "source_id"],
            "foreignKeys": [
                _fk("source_id", "sources", "source_id"),
                _fk("verified_file", "primary_files", "file_name"),
                _fk("added_in", "versions", "version"),
            ],
        },
    },
    "seals": {
        "path": "seals.csv",
        "title": "Release seals",
        "description": ("A fingerprint of every row each release added, written when the release was made, so that a "
                        "later edit to a released row is found and named by `python -m mbcstats validate`. A row's "
                        "fingerprint is the first 16 hex digits of the sha256 of its non-empty cells in schema order, "
                        "each written as column name, U+001F, value, U+001E (UTF-8)."),
        "schema": {
            "fields": [
                _field("version", "string", "The release that added the row", required=True, pattern=VERSION_PATTERN),
                _field("table", "string", "The table the row is in", required=True, enum=SEALED_TABLES),
                _field("row_sha256", "string", "The row's fingerprint", required=True, pattern="[0-9a-f]{16}"),
            ],
            "foreignKeys": [_fk("version", "versions", "version")],
        },
    },
}


# Short names for labels on screen: "<statistic> <measure>", e.g. "Median annual wage".
MEASURE_NAMES = {
    "wage_annual": "annual wage", "wage_hourly": "hourly wage",
    "oews_employment": "employment (OEWS: wage and salary jobs in May)",
    "ep_employment": "employment (Projections: all workers, annual average)",
    "ep_employment_change": "projected change in employment", "ep_growth": "projected employment growth",
    "ep_openings": "projected openings a year", "remote_share": "share working remotely",
    "certification_premium": "certification pay premium", "employer_share": "share of jobs",
    "code_set_size": "codes in the set", "training_length": "training length", "time_to_work": "time to start working",
    "training_cost": "training cost",
    "experience_required": "experience asked for", "pay_claim": "salary claim",
    "jobs_per_1000": "jobs per 1,000 jobs in the area", "location_quotient": "location quotient",
}
STATISTIC_NAMES = {
    "median": "median", "mean": "mean", "p10": "10th percentile", "p25": "25th percentile",
    "p75": "75th percentile", "p90": "90th percentile", "count": "", "projected_count": "projected",
    "percent_change": "", "numeric_change": "", "share": "", "rse": "relative standard error of",
    "premium_percent": "", "range_low": "low end of", "range_high": "high end of", "typical": "typical",
    "rate": "", "ratio": "",
}


def figure_label(measure: str, statistic: str) -> str:
    text = f"{STATISTIC_NAMES.get(statistic, statistic)} {MEASURE_NAMES.get(measure, measure)}".strip()
    return text[:1].upper() + text[1:]
