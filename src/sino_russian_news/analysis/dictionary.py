"""The data dictionary, generated from datapackage.json."""

from __future__ import annotations

import pandas as pd


def data_dictionary(descriptor: dict) -> pd.DataFrame:
    rows = []
    for resource in descriptor["resources"]:
        keys = set(resource["schema"].get("primaryKey", ()))  # views have none
        for field in resource["schema"]["fields"]:
            rows.append(
                {
                    "table": resource["name"],
                    "column": field["name"],
                    "type": field["type"],
                    "key": "primary" if field["name"] in keys else "",
                    "description": field["description"],
                }
            )
    return pd.DataFrame(rows)


def tables_summary(descriptor: dict, row_counts: dict[str, int]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"table": r["name"], "rows": row_counts.get(r["name"], 0), "description": r["description"]}
            for r in descriptor["resources"]
        ]
    )
