#!/usr/bin/env python3
"""Generate the reference dictionaries of data/reference/ from open sources.

    pip install pycountry            # ISO 3166 + Debian iso-codes translations (LGPL-2.1)
    npm pack cldr-localenames-full cldr-dates-full cldr-core   # Unicode CLDR (Unicode licence)
    python3 data/reference/generate.py --cldr DIR   # DIR holds the three unpacked packages

Writes states.csv, cities.csv, regions.csv, abbreviations.csv and demonyms.csv next to this
script, from
pycountry, CLDR and the hand-curated tables in sources/. organizations.csv, officials.csv,
posts.csv and tenures.csv are curated by hand (they have no machine-readable open source);
this script checks them (ids, references, alias clashes) with --check. Output is
deterministic: rows sorted by id, LF line endings. Nothing here runs at build time.
"""

import argparse
import csv
import gettext
import io
import json
import re
import sys
import tarfile
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
ENTITY_COLUMNS = ["id", "type", "label_en", "label_ja", "aliases_en", "aliases_ja",
                  "wikidata", "country", "parent", "source"]

# The usual territories beside the 193 UN members (CLDR's "UN" group), with their type and,
# for dependent territories, the state they belong to.
TERRITORIES = {
    "TW": ("State", None), "PS": ("State", None), "XK": ("State", None), "VA": ("State", None),
    "HK": ("Place", "CN"), "MO": ("Place", "CN"), "GU": ("Place", "US"), "PR": ("Place", "US"),
    "GL": ("Place", "DK"),
}

# CLDR English names that do not make good ids or labels.
LABEL_EN = {
    "MM": "Myanmar", "PS": "Palestine", "HK": "Hong Kong", "MO": "Macao",
    "CD": "Democratic Republic of the Congo", "CG": "Republic of the Congo",
    "VA": "Vatican City", "FM": "Micronesia",
}
IDS = {"CD": "dr-congo", "CG": "republic-of-the-congo", "VA": "vatican", "TR": "turkiye",
       "CZ": "czechia", "MM": "myanmar", "FM": "micronesia", "CI": "cote-d-ivoire"}
# Japanese labels where CLDR's differs from Japanese government usage.
LABEL_JA = {"HK": "香港", "MO": "マカオ", "PS": "パレスチナ", "GB": "英国", "US": "米国"}
# Forms in common use that neither source has.
EXTRA_JA = {
    "AU": ["豪州"], "FR": ["仏国"], "NZ": ["NZ"], "KR": ["大韓民国"], "KP": ["北朝鮮"],
    "CN": ["中華人民共和国"], "TW": ["台湾"], "VN": ["ベトナム社会主義共和国"],
    "TR": ["トルコ共和国", "テュルキエ"], "DE": ["ドイツ連邦共和国"], "IT": ["イタリア共和国"],
    "IN": ["インド共和国"], "MM": ["ミャンマー連邦共和国"], "NL": ["オランダ王国"],
}
EXTRA_EN = {
    "TR": ["Turkey", "Republic of Türkiye"], "KR": ["Republic of Korea", "ROK"],
    "KP": ["DPRK"], "US": ["USA", "U.S.", "U.S.A."], "GB": ["UK", "U.K.", "Britain"],
    "NZ": ["NZ"], "CZ": ["Czech Republic"], "MK": ["Macedonia"], "SZ": ["Swaziland"],
    "CV": ["Cape Verde"], "TL": ["East Timor"], "CI": ["Ivory Coast", "Cote d'Ivoire"],
    "CN": ["PRC"], "AE": ["UAE"], "VA": ["Holy See"], "LA": ["Lao PDR"], "MM": ["Burma"],
    "PG": ["PNG"],
}
# Wikidata items of states, filled in only where known with certainty (never guessed).
WIKIDATA = {
    "JP": "Q17", "US": "Q30", "GB": "Q145", "AU": "Q408", "CN": "Q148", "KR": "Q884",
    "KP": "Q423", "FR": "Q142", "IN": "Q668", "DE": "Q183", "RU": "Q159", "IT": "Q38",
    "CA": "Q16", "IL": "Q801", "EE": "Q191", "SG": "Q334", "MY": "Q833", "ID": "Q252",
    "PH": "Q928", "VN": "Q881", "TH": "Q869", "NL": "Q55", "ES": "Q29", "PT": "Q45",
    "SE": "Q34", "CH": "Q39", "AT": "Q40", "BE": "Q31", "PL": "Q36", "FI": "Q33",
    "DK": "Q35", "NO": "Q20", "GR": "Q41", "TR": "Q43", "BR": "Q155", "MX": "Q96",
    "AR": "Q414", "CL": "Q298", "EG": "Q79", "SA": "Q851", "NZ": "Q664", "MN": "Q711",
    "MM": "Q836", "KH": "Q424", "LA": "Q819", "TW": "Q865", "UA": "Q212", "IR": "Q794",
    "PK": "Q843", "BN": "Q921", "BD": "Q902", "LK": "Q854", "IE": "Q27", "CZ": "Q213",
    "HU": "Q28", "RO": "Q218", "LV": "Q211", "LT": "Q37", "LU": "Q32", "IS": "Q189",
    "IQ": "Q796", "SY": "Q858", "ZA": "Q258", "NG": "Q1033", "KE": "Q114", "CO": "Q739",
    "PE": "Q419", "AE": "Q878", "QA": "Q846", "KW": "Q817", "JO": "Q810", "AF": "Q889",
    "NP": "Q837", "BT": "Q917", "MV": "Q826", "KZ": "Q232", "GE": "Q230", "RS": "Q403",
    "HR": "Q224", "SI": "Q215", "SK": "Q214", "BG": "Q219", "CU": "Q241", "VE": "Q717",
    "HK": "Q8646", "MO": "Q14773", "PS": "Q219060", "XK": "Q1246", "VA": "Q237",
    "TL": "Q574", "PG": "Q691", "FJ": "Q712", "MA": "Q1028", "DZ": "Q262", "TN": "Q948",
    "LY": "Q1016", "ET": "Q115", "UZ": "Q265", "BY": "Q184", "MD": "Q217", "AM": "Q399",
    "AZ": "Q227", "CY": "Q229", "MT": "Q233", "AL": "Q222", "MK": "Q221", "ME": "Q236",
    "BA": "Q225", "LB": "Q822", "OM": "Q842", "BH": "Q398", "YE": "Q805", "SD": "Q1049",
    "GH": "Q117", "TZ": "Q924", "UG": "Q1036", "RW": "Q1037", "EC": "Q736", "BO": "Q750",
    "UY": "Q77", "PY": "Q733", "PA": "Q804", "CR": "Q800", "GT": "Q774", "JM": "Q766",
}
# Time-zone exemplar cities that are English words or names more often than places here.
CITY_STOPLIST = {"Phoenix", "Regina", "Nome", "Center", "Victoria", "Casey", "Davis",
                 "Palmer", "Troll", "Mayotte", "Knox", "Tell City", "Marengo", "Vevay",
                 "Winamac", "Petersburg", "Beulah", "New Salem", "Monticello", "Louisville",
                 "Resolute", "Creston", "Glace Bay", "Boise", "Menominee", "Sitka",
                 "Metlakatla", "Yakutat", "Juneau", "Adak", "Stanley", "Kingston",
                 "Paramaribo", "Dawson", "Whitehorse", "Hovd", "Chita", "Eucla", "Lindeman",
                 "Currie", "Broken Hill", "Lord Howe", "Macquarie", "Easter", "Galapagos",
                 "Midway", "Wake", "Johnston", "Chatham", "Norfolk", "Pitcairn", "Oral",
                 "Swift Current"}


def slug(text):
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = text.replace("&", " and ").replace("St. ", "Saint ")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def cldr_json(root, package, *path):
    for candidate in sorted(Path(root).glob(package + "*")):
        if candidate.is_dir():
            return json.loads((candidate / "package" / Path(*path)).read_text("utf-8"))
        if candidate.name.endswith(".tgz"):
            with tarfile.open(candidate) as tar:
                member = tar.extractfile("package/" + "/".join(path))
                return json.load(member)
    sys.exit(f"generate.py: no {package} package under {root} (npm pack {package})")


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write_csv(name, columns, rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: row.get(k, "") for k in columns})
    (HERE / name).write_text(out.getvalue(), encoding="utf-8")
    print(f"{name}: {len(rows)} rows", file=sys.stderr)


def joined(values, exclude=()):
    seen, out = set(exclude), []
    for v in values:
        v = (v or "").strip()
        if v and v not in seen and "|" not in v:
            seen.add(v)
            out.append(v)
    return "|".join(out)


def states(cldr):
    import pycountry  # noqa: PLC0415 (only needed when generating)

    ja_iso = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ja"])
    en = cldr_json(cldr, "cldr-localenames-full", "main/en/territories.json")
    en = en["main"]["en"]["localeDisplayNames"]["territories"]
    ja = cldr_json(cldr, "cldr-localenames-full", "main/ja/territories.json")
    ja = ja["main"]["ja"]["localeDisplayNames"]["territories"]
    containment = cldr_json(cldr, "cldr-core", "supplemental/territoryContainment.json")
    members = containment["supplemental"]["territoryContainment"]["UN"]["_contains"]
    codes = sorted(set(members) | set(TERRITORIES))
    ids = {code: IDS.get(code) or slug(LABEL_EN.get(code, en[code])) for code in codes}
    rows = []
    for code in codes:
        kind, owner = TERRITORIES.get(code, ("State", None))
        label_en = LABEL_EN.get(code, en[code]).replace(" & ", " and ").replace("St. ", "Saint ")
        label_ja = LABEL_JA.get(code, ja[code])
        iso = pycountry.countries.get(alpha_2=code)
        iso_en = [getattr(iso, a, None) for a in ("name", "official_name", "common_name")] if iso else []
        iso_en = [n for n in iso_en if n and "," not in n]
        iso_ja = []
        if iso:
            for attribute in ("name", "official_name"):
                value = getattr(iso, attribute, None)
                translated = ja_iso.gettext(value) if value else None
                if translated and translated != value and "(" not in translated \
                        and "中国領" not in translated:
                    iso_ja.append(translated)
        aliases_en = [en[code]] + [en.get(f"{code}-alt-{a}") for a in ("short", "variant")]
        aliases_en += iso_en + EXTRA_EN.get(code, [])
        aliases_ja = [ja[code]] + [ja.get(f"{code}-alt-{a}") for a in ("short", "variant")]
        aliases_ja += iso_ja + EXTRA_JA.get(code, [])
        source = "CLDR territories (en, ja); pycountry ISO 3166-1 (Debian iso-codes ja)"
        rows.append({
            "id": ids[code], "type": kind, "label_en": label_en, "label_ja": label_ja,
            "aliases_en": joined(aliases_en, {label_en}),
            "aliases_ja": joined(aliases_ja, {label_ja}),
            "wikidata": WIKIDATA.get(code, ""), "country": ids[owner] if owner else "",
            "source": source + ("" if code in members else "; not a UN member: listed as a territory"),
            "iso": code,
        })
    return sorted(rows, key=lambda r: r["id"])


def cities(cldr, state_rows):
    by_code = {r["iso"]: r for r in state_rows}
    by_id = {r["id"]: r for r in state_rows}
    rows, seen = [], {}
    for row in read_csv(SOURCES / "capitals.csv"):
        rows.append({**row, "type": "Place", "country": row.pop("state"),
                     "source": "sources/capitals.csv (curated); QIDs only where certain"})
        seen[row["id"]] = rows[-1]
    windows = cldr_json(cldr, "cldr-core", "supplemental/windowsZones.json")
    zone_country = {}
    for item in windows["supplemental"]["windowsZones"]["mapTimezones"]:
        zone = item["mapZone"]
        if zone["_territory"] != "001":
            for tz in zone["_type"].split():
                zone_country.setdefault(tz, zone["_territory"])
    names = {}
    for lang in ("en", "ja"):
        data = cldr_json(cldr, "cldr-dates-full", f"main/{lang}/timeZoneNames.json")
        zones = data["main"][lang]["dates"]["timeZoneNames"]["zone"]
        for area, places in zones.items():
            for place, info in places.items():
                if "exemplarCity" in info:
                    names.setdefault(f"{area}/{place}", {})[lang] = info["exemplarCity"]
    for tz, country in sorted(zone_country.items()):
        area, _, place = tz.partition("/")
        if area in ("Etc", "Antarctica", "Arctic") or "/" in place or country not in by_code:
            continue
        state = by_code[country]
        label_en = names.get(tz, {}).get("en") or place.replace("_", " ")
        label_ja = names.get(tz, {}).get("ja", "")
        if label_en in CITY_STOPLIST or label_en in (state["label_en"],) \
                or label_ja in (state["label_ja"], *state["aliases_ja"].split("|")):
            continue
        if re.fullmatch(r"[\u30a0-\u30ff]{1,2}", label_ja):
            label_ja = ""  # too short to match safely inside katakana text
        city_id = slug(label_en)
        if city_id == state["id"]:
            continue  # a city-state's own city (Vatican, Singapore)
        if city_id in by_id or (city_id in seen and seen[city_id]["country"] != state["id"]):
            city_id = f"{city_id}-{state['id']}"
        if city_id in seen:
            continue
        row = {"id": city_id, "type": "Place", "label_en": label_en, "label_ja": label_ja,
               "country": state["id"],
               "source": f"CLDR timeZoneNames exemplar city of {tz} (en, ja)"}
        rows.append(row)
        seen[city_id] = row
    return sorted(rows, key=lambda r: r["id"])


# UN M49 regions that CLDR names (en, ja), as places: the regions this genre names (capacity
# building in Africa, the Indo-Pacific, Latin America and the Caribbean). Left out: 001 World,
# 003 and 019 (the Americas, ambiguous with the United States in short forms), 057 (Micronesia,
# also a state's short name).
REGION_CODES = ["002", "005", "009", "011", "013", "014", "015", "017", "018", "021", "029",
                "030", "034", "035", "039", "053", "054", "061", "142", "143", "145", "150",
                "151", "154", "155", "202", "419"]
REGION_EXTRA_EN = {"419": ["Latin America and the Caribbean"], "011": ["West Africa"],
                   "014": ["East Africa"], "015": ["North Africa"], "030": ["East Asia"],
                   "034": ["South Asia"], "145": ["West Asia"], "021": ["North America"]}
REGION_EXTRA_JA = {"150": ["欧州"], "419": ["中南米", "ラテンアメリカ・カリブ"], "029": ["カリブ地域"],
                   "002": ["アフリカ地域"]}


def regions(cldr):
    """Regions as places: CLDR's names of UN M49 regions, then sources/regions.csv (curated:
    regions CLDR does not name, such as the Indo-Pacific and the Middle East). Regions the
    curated gazetteer already has (Asia, Southeast Asia, Asia-Pacific) are left to it."""
    en = cldr_json(cldr, "cldr-localenames-full", "main/en/territories.json")
    ja = cldr_json(cldr, "cldr-localenames-full", "main/ja/territories.json")
    en = en["main"]["en"]["localeDisplayNames"]["territories"]
    ja = ja["main"]["ja"]["localeDisplayNames"]["territories"]
    curated = {row["id"] for row in read_csv(HERE / "../gazetteer/entities.csv")}
    rows = []
    for code in REGION_CODES:
        region_id = slug(en[code])
        if region_id in curated:
            continue
        rows.append({"id": region_id, "type": "Place", "label_en": en[code], "label_ja": ja[code],
                     "aliases_en": joined(REGION_EXTRA_EN.get(code, []), (en[code],)),
                     "aliases_ja": joined(REGION_EXTRA_JA.get(code, []), (ja[code],)),
                     "wikidata": "", "country": "", "parent": "",
                     "source": f"CLDR territory name of UN M49 region {code} (en, ja)"})
    for row in read_csv(SOURCES / "regions.csv"):
        if row["id"] not in curated:
            rows.append({**row, "type": "Place", "country": "", "parent": "",
                         "source": "sources/regions.csv (curated)"})
    return sorted(rows, key=lambda r: r["id"])


def tables(state_rows):
    ids = {r["id"] for r in state_rows} | {"european-union"}
    by_id = {r["id"]: r for r in state_rows}
    abbreviations = read_csv(SOURCES / "abbreviations.csv")
    for row in abbreviations:
        for ref in [row["state"], *filter(None, row["alternatives"].split("|"))]:
            if ref not in ids:
                sys.exit(f"sources/abbreviations.csv: unknown state `{ref}`")
        row["source"] = "sources/abbreviations.csv (curated from Japanese press and MOFA usage)"
    demonyms, forms = [], {}

    def add(form, state, lang, kind, source):
        key = form.lower()
        if key in forms:
            return
        forms[key] = state
        demonyms.append({"form": form, "state": state, "lang": lang, "kind": kind,
                         "source": source})

    for row in read_csv(SOURCES / "demonyms-en.csv"):
        if row["state"] not in ids:
            sys.exit(f"sources/demonyms-en.csv: unknown state `{row['state']}`")
        for form in row["forms"].split("|"):
            add(form, row["state"], "en", "adjective", "sources/demonyms-en.csv (curated)")
    for row in abbreviations:
        if row["state"] != "japan":
            add(row["abbreviation"] + "側", row["state"], "ja", "side",
                "abbreviation + 側 (sources/abbreviations.csv)")
    add("日本側", "japan", "ja", "side", "label + 側")
    add("日本人", "japan", "ja", "adjective", "label + 人")
    for row in state_rows:
        if row["type"] != "State":
            continue
        for name in [row["label_ja"], *row["aliases_ja"].split("|")]:
            if name and len(name) <= 6 and not name.isascii():
                add(name + "側", row["id"], "ja", "side", "CLDR ja name + 側")
                add(name + "人", row["id"], "ja", "adjective", "CLDR ja name + 人")
    del by_id
    return abbreviations, sorted(demonyms, key=lambda r: (r["state"], r["lang"], r["form"]))


def check():
    """Check the hand-curated files: ids unique, references resolve, no alias clash."""
    entities, names, problems = {}, {}, []
    files = ["states.csv", "cities.csv", "regions.csv", "organizations.csv", "officials.csv"]
    files = [f for f in files if (HERE / f).exists()]
    for name in ["../gazetteer/entities.csv", *files]:
        for line, row in enumerate(read_csv(HERE / name), start=2):
            if row["id"] in entities and entities[row["id"]][0] != "curated":
                problems.append(f"{name}:{line}: duplicate id {row['id']}")
            tier = "curated" if name.startswith("..") else name
            entities.setdefault(row["id"], (tier, row))
            for form in [row["label_en"], row.get("label_ja", ""),
                         *row.get("aliases_en", "").split("|"),
                         *row.get("aliases_ja", "").split("|")]:
                key = unicodedata.normalize("NFKC", form).lower().strip()
                if key:
                    names.setdefault(key, set()).add(row["id"])
    for key, owners in sorted(names.items()):
        if len(owners) > 1:
            problems.append(f"alias `{key}` shared by {', '.join(sorted(owners))}")
    for name in files:
        for line, row in enumerate(read_csv(HERE / name), start=2):
            for column in ("country", "parent"):
                if row.get(column) and row[column] not in entities:
                    problems.append(f"{name}:{line}: unknown {column} `{row[column]}`")
    for problem in problems:
        print(problem, file=sys.stderr)
    return not problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cldr", help="directory with the unpacked (or packed .tgz) CLDR npm packages")
    parser.add_argument("--check", action="store_true", help="only check the curated files")
    args = parser.parse_args()
    if not args.check:
        if not args.cldr:
            parser.error("--cldr is required to generate")
        state_rows = states(args.cldr)
        write_csv("states.csv", ENTITY_COLUMNS, state_rows)
        write_csv("cities.csv", ENTITY_COLUMNS, cities(args.cldr, state_rows))
        write_csv("regions.csv", ENTITY_COLUMNS, regions(args.cldr))
        abbreviations, demonyms = tables(state_rows)
        write_csv("abbreviations.csv", ["abbreviation", "state", "alternatives", "alone", "note", "source"], abbreviations)
        write_csv("demonyms.csv", ["form", "state", "lang", "kind", "source"], demonyms)
    sys.exit(0 if check() else 1)


if __name__ == "__main__":
    main()
