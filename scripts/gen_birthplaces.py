#!/usr/bin/env python3
"""Regenerates assets/birthplaces.tsv: the Belfiore codes of Italian comuni (with their validity dates) and
of foreign countries, from ANPR open data (CC BY 4.0) as shipped by the python-codicefiscale package (MIT).

Usage: python3 scripts/gen_birthplaces.py   (downloads the package from PyPI into a temporary directory)
"""
import json
import pathlib
import subprocess
import sys
import tempfile
import zipfile

OUT = pathlib.Path(__file__).resolve().parent.parent / "assets" / "birthplaces.tsv"


def day(s):
    return s[:10] if s else ""


def main():
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "python-codicefiscale", "-d", tmp],
            check=True,
        )
        wheel = next(pathlib.Path(tmp).glob("python_codicefiscale-*.whl"))
        version = wheel.name.split("-")[1]
        with zipfile.ZipFile(wheel) as z:
            municipalities = json.loads(z.read("codicefiscale/data/municipalities.json"))
            countries = json.loads(z.read("codicefiscale/data/countries.json"))
    rows = {}
    for m in municipalities:
        key = (m["code"], m["name"], m["province"])
        lo, hi = day(m["date_created"]), day(m["date_deleted"])
        if key in rows:
            # ANPR splits a comune's life at every administrative change: keep its whole span.
            plo, phi = rows[key]
            rows[key] = (min(plo, lo) if plo and lo else "", "" if not hi or not phi else max(phi, hi))
        else:
            rows[key] = (lo, hi)
    for c in countries:
        rows[(c["code"], c["name"], "EE")] = (day(c["date_created"]), day(c["date_deleted"]))
    lines = [
        f"# Belfiore codes: ANPR open data (CC BY 4.0) via python-codicefiscale {version} (MIT). "
        "Columns: code, name, province (EE = foreign country), valid from, valid to (empty = open)."
    ]
    for (code, name, prov), (lo, hi) in sorted(rows.items()):
        lines.append("\t".join([code, name, prov, lo, hi]))
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(rows)} birthplaces")


if __name__ == "__main__":
    main()
