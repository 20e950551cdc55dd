#!/usr/bin/env python3
"""Side-by-side: diplograph's rule-based extractor vs GiNZA (spaCy ja_ginza) named-entity
recognition on the same documents.

For each document set (training: data/gold + data/corpus; held-out: data/heldout/...):

* entity precision/recall/F1 against the hand-made gold files, scored by the same code
  (`diplograph eval --pred`), so both systems are matched by the same rules: same type and
  canonical name, or same type and a shared surface form (GiNZA does no linking, so its entities
  can only match through their surface);
* the same scores with types ignored ("untyped"), which is kinder to GiNZA, whose labels do not
  separate ministries from agencies or forums from events;
* throughput in characters per second on one thread (OMP_NUM_THREADS=1, RAYON_NUM_THREADS=1),
  model loading / gazetteer loading excluded for GiNZA, process start included for diplograph.

GiNZA label → diplograph type (Sekine's extended named entity labels; others ignored):
  Person → Official; Country → State;
  City, Province, County, GPE_Other, Location, Location_Other, Region_Other, Domestic_Region,
  Continental_Region, Island, *Facility*, Military_Base → Place;
  Government → Ministry; Military → Agency;
  International_Organization, Company, Corporation_Other, Organization_Other,
  Political_Organization_Other, Political_Party, Nonprofit_Organization, Newspaper → Organization;
  Conference → InternationalForum; Event_Other, Occasion_Other, Incident_Other → Event;
  Law, Treaty, Book, Printing_Other, Document → Document; Plan → Program.

Usage: bench/ginza_compare.py [--bin target/release/diplograph] [--repeat N]
(normally run through bench/ginza_compare.sh).
"""

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

LABELS = {
    "Person": "Official",
    "Country": "State",
    "Government": "Ministry",
    "Military": "Agency",
    "Conference": "InternationalForum",
    "Plan": "Program",
}
for label in ["City", "Province", "County", "GPE_Other", "Location", "Location_Other", "Region_Other",
              "Domestic_Region", "Continental_Region", "Island", "Military_Base", "Facility",
              "Facility_Other", "Facility_Part"]:
    LABELS[label] = "Place"
for label in ["International_Organization", "Company", "Corporation_Other", "Organization_Other",
              "Political_Organization_Other", "Political_Party", "Nonprofit_Organization", "Newspaper"]:
    LABELS[label] = "Organization"
for label in ["Event_Other", "Occasion_Other", "Incident_Other"]:
    LABELS[label] = "Event"
for label in ["Law", "Treaty", "Book", "Printing_Other", "Document"]:
    LABELS[label] = "Document"


def map_label(label):
    if label in LABELS:
        return LABELS[label]
    if "Facility" in label:
        return "Place"
    return None


def body(path):
    text = path.read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[1] if text.startswith("---") else text


def ginza_report(nlp, doc_name, text):
    """GiNZA entities of one document in the extraction format (surface = name)."""
    entities = {}
    lines = [line for line in text.split("\n") if line.strip()]
    for doc in nlp.pipe(lines):
        for ent in doc.ents:
            kind = map_label(ent.label_)
            if kind is None:
                continue
            key = (kind, ent.text)
            if key not in entities:
                entities[key] = {"type": kind, "en": ent.text, "ja": ent.text, "surface": [ent.text]}
    return {"doc": doc_name, "entities": list(entities.values()), "events": [], "relations": []}


def untyped(reports):
    out = []
    for r in reports:
        r = dict(r)
        r["entities"] = [dict(e, type="Any") for e in r["entities"]]
        out.append(r)
    return out


def run_eval(binary, gold_reports, pred_reports, tmp):
    gold_dir = pathlib.Path(tempfile.mkdtemp(dir=tmp))
    for g in gold_reports:
        (gold_dir / (g["doc"] + ".json")).write_text(json.dumps(g, ensure_ascii=False), encoding="utf-8")
    pred = pathlib.Path(tmp) / "pred.json"
    pred.write_text(json.dumps(pred_reports, ensure_ascii=False), encoding="utf-8")
    out = subprocess.run([binary, "eval", "--format", "json", "--gold", str(gold_dir), "--pred", str(pred)],
                         check=True, capture_output=True, text=True).stdout
    c = json.loads(out)["entities"]
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn_"]) if c["tp"] + c["fn_"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", default="target/release/diplograph")
    parser.add_argument("--data", default="data")
    parser.add_argument("--repeat", type=int, default=200,
                        help="copies of the documents for diplograph's throughput run")
    args = parser.parse_args()
    import spacy  # imported late so --help works without it

    sets = [("training (data/gold)", pathlib.Path(args.data) / "gold", pathlib.Path(args.data) / "corpus"),
            ("held-out (data/heldout)", pathlib.Path(args.data) / "heldout" / "gold",
             pathlib.Path(args.data) / "heldout" / "corpus")]
    started = time.perf_counter()
    nlp = spacy.load("ja_ginza")
    load_time = time.perf_counter() - started
    from importlib.metadata import version

    print(f"GiNZA {version('ginza')} (ja_ginza {version('ja_ginza')}, spaCy {spacy.__version__}) "
          f"loaded in {load_time:.1f}s (not counted below)")
    all_docs = []
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'set':<26} {'system':<12} {'typed P':>8} {'R':>6} {'F1':>6}   {'untyped P':>9} {'R':>6} {'F1':>6}")
        for name, gold_dir, corpus_dir in sets:
            if not gold_dir.is_dir():
                continue
            gold = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))]
            docs = [(g["doc"], corpus_dir / g["doc"]) for g in gold]
            all_docs.extend(path for _, path in docs)
            ginza = [ginza_report(nlp, doc, body(path)) for doc, path in docs]
            ours_out = subprocess.run([args.bin, "extract", "--data", args.data] + [str(p) for _, p in docs],
                                      check=True, capture_output=True, text=True).stdout
            ours = json.loads(ours_out)
            ours = ours if isinstance(ours, list) else [ours]
            for system, pred in [("diplograph", ours), ("GiNZA", ginza)]:
                typed = run_eval(args.bin, gold, pred, tmp)
                plain = run_eval(args.bin, untyped(gold), untyped(pred), tmp)
                print(f"{name:<26} {system:<12} {typed[0]:>8.3f} {typed[1]:>6.3f} {typed[2]:>6.3f}"
                      f"   {plain[0]:>9.3f} {plain[1]:>6.3f} {plain[2]:>6.3f}")

        texts = [body(p) for p in all_docs]
        chars = sum(len(t) for t in texts)
        started = time.perf_counter()
        for t in texts:
            list(nlp.pipe([line for line in t.split("\n") if line.strip()]))
        ginza_time = time.perf_counter() - started
        ginza_rate = chars / ginza_time

        copies = pathlib.Path(tmp) / "copies"
        copies.mkdir()
        files = []
        for k in range(args.repeat):
            for p in all_docs:
                text = p.read_text(encoding="utf-8").replace("\nid: ", f"\nid: c{k}-", 1)
                f = copies / f"c{k}-{p.name}"
                f.write_text(text, encoding="utf-8")
                files.append(str(f))
        env = dict(os.environ, RAYON_NUM_THREADS="1")
        started = time.perf_counter()
        subprocess.run([args.bin, "extract", "--format", "none", "--data", args.data] + files,
                       check=True, capture_output=True, env=env)
        ours_time = time.perf_counter() - started
        ours_rate = chars * args.repeat / ours_time
    print()
    print(f"throughput, one thread, {len(all_docs)} documents ({chars} chars):")
    print(f"  GiNZA       {ginza_rate:>14,.0f} chars/s  ({ginza_time:.2f}s for one pass)")
    print(f"  diplograph  {ours_rate:>14,.0f} chars/s  ({ours_time:.2f}s for {args.repeat} passes, process start and gazetteer load included)")
    print(f"  ratio       {ours_rate / ginza_rate:>14,.0f}x")


if __name__ == "__main__":
    sys.exit(main())
