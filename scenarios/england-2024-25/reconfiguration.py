"""England's April 2026 reconfiguration, as the scenario's tables: from facts/2026-27 (published,
facts/2026-27/SOURCES.md). Used by generate.py.
"""
import csv
import os

FACTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "facts")


def read_csv(name):
    with open(os.path.join(FACTS, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def reconfiguration_tables(icbs, region_code):
    """The April 2026 reconfiguration's tables, from facts/2026-27 (published): the 36 ICBs of
    2026/27 with that year's population and core need index; the old -> new mapping with its
    shares as published (six decimals); and each FY's population and need where they are not
    icbs.csv's: 2025/26 for the 42 (the 2025/26 population, with the 2024/25 need index, since
    facts/ has no 2025/26 index) and 2027/28 and 2028/29 for the 36. Returns the three tables
    as (header, rows)."""
    new_icbs = read_csv(os.path.join("2026-27", "icbs.csv"))
    mapping = read_csv(os.path.join("2026-27", "icb_mapping_2025_26_to_2026_27.csv"))
    icbs_2026 = (["icb_code", "icb_name", "region_code", "registered_population", "need_index"],
                 [(i["icb_code"], i["icb_name"], region_code[i["nhs_region"]],
                   i["registered_population_2026_27"], i["core_need_index_2026_27"])
                  for i in new_icbs])
    shares = (["old_icb_code", "old_icb_name", "new_icb_code", "new_icb_name",
               "share_of_old_icb"],
              [(m["old_icb_code"], m["old_icb_name"], m["new_icb_code"], m["new_icb_name"],
                m["share_of_old_icb"]) for m in mapping])
    needs = [(i["icb_code"], "2025/26", i["registered_population_2025_26"],
              i["core_need_index_2024_25"]) for i in icbs]
    for year in ("2027_28", "2028_29"):
        needs += [(i["icb_code"], year.replace("_", "/"), i["registered_population_" + year],
                   i["core_need_index_" + year]) for i in new_icbs]
    return {"icbs_2026_27.csv": icbs_2026, "icb_mapping_2026_27.csv": shares,
            "icb_needs.csv": (["icb_code", "financial_year", "registered_population",
                               "need_index"], needs)}
