"""The peers' side of bench/scale.sh: a data directory's CSV files to Turtle or N-Triples
with rdflib or pyoxigraph, the way a user would write it in Python instead of diplograph.

    python3 bench/peer_rdf.py {rdflib|pyoxigraph} {turtle|ntriples} DATA_DIR OUT_FILE

It maps the same inputs to the same vocabulary and IRIs as diplograph (src/rdf/mod.rs):
documents (front matter), gazetteer entities, posts and tenures, curated events and
statements, each statement reified as an rdf:Statement with its provenance (document,
sentence, character span, rule, confidence, evidence). It does not extract mentions from
the text (that is diplograph's extractor, which a peer does not have), so it writes fewer
triples than diplograph: bench/scale.sh prints both counts. Prints the triple count on stderr.
"""

import csv
import hashlib
import os
import re
import sys

BASE = "https://w3id.org/diplograph/"
DG = "https://w3id.org/diplograph/ontology#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
OWL = "http://www.w3.org/2002/07/owl#"
TIME = "http://www.w3.org/2006/time#"
PREFIXES = {
    "dg": DG, "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "skos": SKOS, "org": ORG,
    "prov": PROV, "dcterms": DCT, "owl": OWL, "time": TIME,
}
PREDICATES = {
    "memberOf", "holdsPost", "partOf", "participatedIn", "signed", "established", "agreedOn",
    "hosted", "heldIn", "represents", "headOf", "joined", "contributedTo", "cooperatesWith",
    "mentions", "issued",
}
MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

# Terms are tuples: ("iri", text) | ("lit", text, datatype_or_None, lang_or_None).


def iri(text):
    return ("iri", text)


def lit(text, datatype=None, lang=None):
    return ("lit", text, datatype, lang)


def date_terms(text):
    """dg:date at its precision plus xsd:date bounds, as diplograph writes them."""
    parts = text.split("-")
    kind = {1: "gYear", 2: "gYearMonth", 3: "date"}[len(parts)]
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else None
    first = f"{year:04d}-{month or 1:02d}-{int(parts[2]) if len(parts) > 2 else 1:02d}"
    if len(parts) == 3:
        last = first
    else:
        m = month or 12
        days = MONTH_DAYS[m - 1] + (1 if m == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 0)
        last = f"{year:04d}-{m:02d}-{days:02d}"
    return lit(text, XSD + kind), lit(first, XSD + "date"), lit(last, XSD + "date")


def read_doc(path):
    with open(path, encoding="utf-8") as f:
        contents = f.read()
    contents = contents.lstrip("\ufeff")
    lines = contents.split("\n")
    meta = {}
    offset = len(lines[0]) + 1
    for line in lines[1:]:
        offset += len(line) + 1
        if line.strip() == "---":
            break
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip()
    return meta, contents[offset:]


SENTENCE_END = re.compile(r"[。！？\n]|\.(?=\s)")


def sentence_index(text, start):
    return sum(1 for m in SENTENCE_END.finditer(text, 0, start) if text[:m.start()].strip() or True)


class Mapper:
    def __init__(self, add):
        self.add = add
        self.count = 0

    def t(self, s, p, o):
        self.add(s, p, o)
        self.count += 1

    def statement(self, subject, prop, obj, key, provenance):
        self.t(subject, iri(prop), obj)
        node = iri(BASE + "stmt/" + hashlib.sha256(key.encode()).hexdigest()[:24])
        self.t(node, iri(RDF + "type"), iri(RDF + "Statement"))
        self.t(node, iri(RDF + "subject"), subject)
        self.t(node, iri(RDF + "predicate"), iri(prop))
        self.t(node, iri(RDF + "object"), obj)
        for p, o in provenance:
            self.t(node, iri(p), o)


def entity_iri(slug):
    return iri(BASE + "id/" + slug)


def main():
    library, fmt, data, out = sys.argv[1:5]
    if library == "rdflib":
        import rdflib

        graph = rdflib.Graph()
        for prefix, ns in PREFIXES.items():
            graph.bind(prefix, ns)
        nodes = {}

        def term(t):
            if t[0] == "iri":
                node = nodes.get(t[1])
                if node is None:
                    node = nodes[t[1]] = rdflib.URIRef(t[1])
                return node
            return rdflib.Literal(t[1], datatype=t[2], lang=t[3])

        def add(s, p, o):
            graph.add((term(s), term(p), term(o)))

        def write():
            graph.serialize(destination=out, format={"turtle": "turtle", "ntriples": "nt"}[fmt])
    else:
        import pyoxigraph as ox

        store = ox.Store()
        quads = []

        def term(t):
            if t[0] == "iri":
                return ox.NamedNode(t[1])
            if t[3]:
                return ox.Literal(t[1], language=t[3])
            if t[2]:
                return ox.Literal(t[1], datatype=ox.NamedNode(t[2]))
            return ox.Literal(t[1])

        def add(s, p, o):
            quads.append(ox.Quad(term(s), term(p), term(o), ox.DefaultGraph()))

        def write():
            store.bulk_extend(quads)
            rdf_format = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES}[fmt]
            prefixes = PREFIXES if fmt == "turtle" else None
            store.dump(out, rdf_format, from_graph=ox.DefaultGraph(), prefixes=prefixes)

    m = Mapper(add)
    T = iri(RDF + "type")

    # Documents.
    texts = {}
    corpus = os.path.join(data, "corpus")
    for name in sorted(os.listdir(corpus)):
        if not name.endswith(".txt"):
            continue
        meta, text = read_doc(os.path.join(corpus, name))
        doc_id = meta["id"]
        texts[doc_id] = text
        node = iri(BASE + "doc/" + doc_id)
        lang = meta.get("language")
        m.t(node, T, iri(DG + "SourceDocument"))
        m.t(node, iri(DCT + "identifier"), lit(doc_id))
        m.t(node, iri(DCT + "title"), lit(meta["title"], lang=lang))
        if meta.get("title_en"):
            m.t(node, iri(DCT + "title"), lit(meta["title_en"], lang="en"))
        for key in ("publisher", "source", "rights", "language"):
            m.t(node, iri(DCT + key), lit(meta[key]))
        m.t(node, iri(DCT + "date"), date_terms(meta["date"])[0])
        m.t(node, iri(DG + "contentHash"), lit(hashlib.sha256(text.encode()).hexdigest()))

    def rows(path):
        if not os.path.exists(path):
            return
        with open(path, encoding="utf-8-sig", newline="") as f:
            for line, row in enumerate(csv.DictReader(f), start=2):
                yield line, {k: (v or "").strip() for k, v in row.items()}

    def dates(node, start, end):
        if start:
            d, first, last = date_terms(start)
            m.t(node, iri(DG + "date"), d)
            m.t(node, iri(DG + "startDate"), first)
            m.t(node, iri(DG + "endDate"), date_terms(end)[2] if end else last)
        if end:
            m.t(node, iri(DG + "end"), date_terms(end)[0])

    def gazetteer_provenance(file, line):
        return [(DG + "gazetteerRow", lit(f"{file}:{line}")), (DG + "rule", lit("gazetteer")),
                (DG + "confidence", lit("1.000", XSD + "decimal"))]

    # Gazetteer.
    gaz = os.path.join(data, "gazetteer")
    for line, row in rows(os.path.join(gaz, "entities.csv")):
        node = entity_iri(row["id"])
        m.t(node, T, iri(DG + row["type"]))
        m.t(node, iri(RDFS + "label"), lit(row["label_en"], lang="en"))
        if row.get("label_ja"):
            m.t(node, iri(RDFS + "label"), lit(row["label_ja"], lang="ja"))
        for column, lang in (("aliases_en", "en"), ("aliases_ja", "ja")):
            for alias in filter(None, (a.strip() for a in row.get(column, "").split("|"))):
                m.t(node, iri(SKOS + "altLabel"), lit(alias, lang=lang))
        if row.get("wikidata"):
            m.t(node, iri(OWL + "sameAs"), iri("http://www.wikidata.org/entity/" + row["wikidata"]))
        if row.get("country"):
            m.t(node, iri(DG + "country"), entity_iri(row["country"]))
        if row.get("event_type"):
            m.t(node, T, iri(DG + row["event_type"]))
            m.t(node, iri(DG + "eventType"), iri(DG + row["event_type"]))
        dates(node, row.get("start"), row.get("end"))
        m.t(node, iri(DG + "gazetteerRow"), lit(f"gazetteer/entities.csv:{line}"))
        if row.get("parent"):
            m.statement(node, DG + "partOf", entity_iri(row["parent"]), f"{row['id']}|partOf|{row['parent']}",
                        gazetteer_provenance("gazetteer/entities.csv", line))
    for line, row in rows(os.path.join(gaz, "posts.csv")):
        node = iri(BASE + "post/" + row["id"])
        m.t(node, T, iri(ORG + "Post"))
        m.t(node, iri(RDFS + "label"), lit(row["label_en"], lang="en"))
        if row.get("label_ja"):
            m.t(node, iri(RDFS + "label"), lit(row["label_ja"], lang="ja"))
        m.t(node, iri(ORG + "postIn"), entity_iri(row["organization"]))
    for line, row in rows(os.path.join(gaz, "tenures.csv")):
        node = iri(f"{BASE}tenure/{row['person']}--{row['post']}--{row['start']}")
        person, post = entity_iri(row["person"]), iri(BASE + "post/" + row["post"])
        m.t(node, T, iri(ORG + "Membership"))
        m.t(node, iri(ORG + "member"), person)
        m.t(node, iri(ORG + "role"), post)
        m.t(person, iri(ORG + "holds"), post)
        dates(node, row["start"], row.get("end"))
        interval, beginning = iri(node[1] + "#interval"), iri(node[1] + "#beginning")
        m.t(node, iri(ORG + "memberDuring"), interval)
        m.t(interval, T, iri(TIME + "Interval"))
        m.t(interval, iri(TIME + "hasBeginning"), beginning)
        m.t(beginning, T, iri(TIME + "Instant"))
        m.t(beginning, iri(TIME + "inXSDDate"), date_terms(row["start"])[1])
        if row.get("end"):
            end = iri(node[1] + "#end")
            m.t(interval, iri(TIME + "hasEnd"), end)
            m.t(end, T, iri(TIME + "Instant"))
            m.t(end, iri(TIME + "inXSDDate"), date_terms(row["end"])[2])
        m.statement(person, DG + "holdsPost", post, f"{row['person']}|holdsPost|{row['post']}|{row['start']}",
                    gazetteer_provenance("gazetteer/tenures.csv", line))

    # Curated facts: provenance points into the document text.
    sentences_cache = {}

    def curated(doc, evidence, date, key):
        text = texts[doc]
        byte = text.find(evidence)
        start = byte  # Python indexes by code point, as diplograph's spans do.
        if doc not in sentences_cache:
            sentences_cache[doc] = [m_.end() for m_ in SENTENCE_END.finditer(text)]
        ends = sentences_cache[doc]
        sentence = next((i for i, end in enumerate(ends) if start < end), len(ends))
        provenance = [
            (PROV + "wasDerivedFrom", iri(BASE + "doc/" + doc)),
            (DG + "sentence", lit(str(sentence), XSD + "integer")),
            (DG + "charStart", lit(str(start), XSD + "integer")),
            (DG + "charEnd", lit(str(start + len(evidence)), XSD + "integer")),
            (DG + "rule", lit("curated")),
            (DG + "confidence", lit("1.000", XSD + "decimal")),
            (DG + "evidence", lit(evidence)),
        ]
        if date:
            provenance.append((DG + "date", date_terms(date)[0]))
        return provenance

    facts = os.path.join(data, "facts")
    for line, row in rows(os.path.join(facts, "events.csv")):
        node = entity_iri(row["id"])
        m.t(node, T, iri(DG + "Event"))
        m.t(node, T, iri(DG + row["type"]))
        m.t(node, iri(DG + "eventType"), iri(DG + row["type"]))
        m.t(node, iri(RDFS + "label"), lit(row["label_en"], lang="en"))
        if row.get("label_ja"):
            m.t(node, iri(RDFS + "label"), lit(row["label_ja"], lang="ja"))
        dates(node, row["start"], row.get("end"))
        relate = []
        for participant in filter(None, row.get("participants", "").split("|")):
            relate.append((entity_iri(participant), DG + "participatedIn", node))
        if row.get("place"):
            relate.append((node, DG + "heldIn", entity_iri(row["place"])))
        if row.get("series"):
            relate.append((node, DG + "partOf", entity_iri(row["series"])))
        for s, p, o in relate:
            m.statement(s, p, o, f"{s[1]}|{p}|{o[1]}|{row['doc']}|{line}",
                        curated(row["doc"], row["evidence"], row["start"], ""))
    for line, row in rows(os.path.join(facts, "statements.csv")):
        subject = entity_iri(row["subject"])
        predicate = row["predicate"]
        prop = DG + predicate if predicate in PREDICATES else DG + "relatedTo"
        obj = row["object"]
        if obj.startswith('"') and obj.endswith('"'):
            o = lit(obj[1:-1])
        elif obj.startswith("post:"):
            o = iri(BASE + "post/" + obj[5:])
        else:
            o = entity_iri(obj)
        m.statement(subject, prop, o, f"{row['subject']}|{predicate}|{obj}|{row['doc']}|{line}",
                    curated(row["doc"], row["evidence"], row.get("date"), ""))

    write()
    print(f"{m.count} triples", file=sys.stderr)


if __name__ == "__main__":
    main()
