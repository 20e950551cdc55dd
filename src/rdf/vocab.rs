//! Every IRI the code writes, as constants. Each `dg:` term here is declared in
//! `ontology/diplograph.ttl` (checked by a test); external terms are from W3C ORG, FOAF,
//! PROV-O, OWL-Time, Dublin Core Terms, SKOS, schema.org and SEM.

/// Declares a namespace module with term constants and a list of all of them.
macro_rules! namespace {
    ($(#[$doc:meta])* $module:ident = $ns:literal { $($(#[$tdoc:meta])* $const:ident = $local:literal),* $(,)? }) => {
        $(#[$doc])*
        pub mod $module {
            /// The namespace IRI.
            pub const NS: &str = $ns;
            $(
                $(#[$tdoc])*
                pub const $const: &str = concat!($ns, $local);
            )*
            /// Every term of this namespace used by the code.
            pub const ALL: &[&str] = &[$($const),*];
        }
    };
}

namespace!(
    /// The diplograph ontology (`dg:`), fixed whatever the data base IRI is.
    dg = "https://w3id.org/diplograph/ontology#" {
        /// The ontology itself.
        ONTOLOGY = "",
        /// Class: a sovereign state.
        STATE = "State",
        /// Class: a ministry.
        MINISTRY = "Ministry",
        /// Class: an agency.
        AGENCY = "Agency",
        /// Class: an official.
        OFFICIAL = "Official",
        /// Class: another organisation.
        ORGANIZATION = "Organization",
        /// Class: a working group.
        WORKING_GROUP = "WorkingGroup",
        /// Class: a forum or dialogue series.
        INTERNATIONAL_FORUM = "InternationalForum",
        /// Class: an event.
        EVENT = "Event",
        /// Class: a document named in the sources.
        DOCUMENT = "Document",
        /// Class: a place.
        PLACE = "Place",
        /// Class: a programme.
        PROGRAM = "Program",
        /// Class: a corpus document that statements are derived from.
        SOURCE_DOCUMENT = "SourceDocument",
        /// Event class.
        MEETING = "Meeting",
        /// Event class.
        DIALOGUE = "Dialogue",
        /// Event class.
        CONSULTATION = "Consultation",
        /// Event class.
        SIGNING = "Signing",
        /// Event class.
        AGREEMENT = "Agreement",
        /// Event class.
        ESTABLISHMENT = "Establishment",
        /// Event class.
        EXERCISE = "Exercise",
        /// Event class.
        STATEMENT = "Statement",
        /// Event class.
        CONTRIBUTION = "Contribution",
        /// Event class.
        VISIT = "Visit",
        /// Event class.
        OTHER_EVENT = "OtherEvent",
        /// Relation.
        MEMBER_OF = "memberOf",
        /// Relation.
        HOLDS_POST = "holdsPost",
        /// Relation.
        PART_OF = "partOf",
        /// Relation.
        PARTICIPATED_IN = "participatedIn",
        /// Relation.
        SIGNED = "signed",
        /// Relation.
        ESTABLISHED = "established",
        /// Relation.
        AGREED_ON = "agreedOn",
        /// Relation.
        HOSTED = "hosted",
        /// Relation.
        HELD_IN = "heldIn",
        /// Relation.
        REPRESENTS = "represents",
        /// Relation.
        HEAD_OF = "headOf",
        /// Relation.
        JOINED = "joined",
        /// Relation.
        CONTRIBUTED_TO = "contributedTo",
        /// Relation.
        COOPERATES_WITH = "cooperatesWith",
        /// Relation: a source document mentions an entity.
        MENTIONS = "mentions",
        /// Relation: an event issued a document.
        ISSUED = "issued",
        /// Relation of an `other:<word>` kind (the word is on the statement).
        RELATED_TO = "relatedTo",
        /// The word of an `other:<word>` relation.
        RELATION_WORD = "relationWord",
        /// The state an entity belongs to.
        COUNTRY = "country",
        /// Date at its own precision (xsd:date, xsd:gYearMonth or xsd:gYear).
        DATE = "date",
        /// First day an event or tenure may have started (xsd:date).
        START_DATE = "startDate",
        /// Last day an event or tenure may have ended (xsd:date).
        END_DATE = "endDate",
        /// End at its own precision.
        END = "end",
        /// The source document a statement was derived from is `prov:wasDerivedFrom`; this is its sentence index.
        SENTENCE = "sentence",
        /// Character offset where the evidence starts.
        CHAR_START = "charStart",
        /// Character offset where the evidence ends.
        CHAR_END = "charEnd",
        /// Extraction rule that produced a statement.
        RULE = "rule",
        /// Confidence of a statement (0..1).
        CONFIDENCE = "confidence",
        /// The evidence sentence.
        EVIDENCE = "evidence",
        /// True for entities found by extraction but not yet curated.
        PROVISIONAL = "provisional",
        /// Content hash of a source document.
        CONTENT_HASH = "contentHash",
        /// The gazetteer file and line a fact comes from.
        GAZETTEER_ROW = "gazetteerRow",
        /// The kind of an event, as the name of its class.
        EVENT_TYPE = "eventType",
    }
);

namespace!(
    /// RDF.
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#" {
        /// rdf:type.
        TYPE = "type",
        /// rdf:Statement.
        STATEMENT = "Statement",
        /// rdf:subject.
        SUBJECT = "subject",
        /// rdf:predicate.
        PREDICATE = "predicate",
        /// rdf:object.
        OBJECT = "object",
        /// rdf:langString (the datatype of language-tagged strings).
        LANG_STRING = "langString",
        /// rdf:first.
        FIRST = "first",
        /// rdf:rest.
        REST = "rest",
        /// rdf:nil.
        NIL = "nil",
    }
);

namespace!(
    /// SHACL, read from `ontology/shapes.ttl` by [`crate::shacl`].
    sh = "http://www.w3.org/ns/shacl#" {
        /// sh:NodeShape.
        NODE_SHAPE = "NodeShape",
        /// sh:targetClass.
        TARGET_CLASS = "targetClass",
        /// sh:property.
        PROPERTY = "property",
        /// sh:path.
        PATH = "path",
        /// sh:inversePath.
        INVERSE_PATH = "inversePath",
        /// sh:minCount.
        MIN_COUNT = "minCount",
        /// sh:maxCount.
        MAX_COUNT = "maxCount",
        /// sh:datatype.
        DATATYPE = "datatype",
        /// sh:class.
        CLASS = "class",
        /// sh:nodeKind.
        NODE_KIND = "nodeKind",
        /// sh:or.
        OR = "or",
        /// sh:IRI.
        IRI = "IRI",
        /// sh:Literal.
        LITERAL = "Literal",
        /// sh:BlankNode.
        BLANK_NODE = "BlankNode",
        /// sh:BlankNodeOrIRI.
        BLANK_NODE_OR_IRI = "BlankNodeOrIRI",
        /// sh:BlankNodeOrLiteral.
        BLANK_NODE_OR_LITERAL = "BlankNodeOrLiteral",
        /// sh:IRIOrLiteral.
        IRI_OR_LITERAL = "IRIOrLiteral",
    }
);

namespace!(
    /// RDF Schema.
    rdfs = "http://www.w3.org/2000/01/rdf-schema#" {
        /// rdfs:label.
        LABEL = "label",
        /// rdfs:comment.
        COMMENT = "comment",
        /// rdfs:subClassOf.
        SUB_CLASS_OF = "subClassOf",
    }
);

namespace!(
    /// OWL.
    owl = "http://www.w3.org/2002/07/owl#" {
        /// owl:sameAs.
        SAME_AS = "sameAs",
    }
);

namespace!(
    /// XML Schema datatypes.
    xsd = "http://www.w3.org/2001/XMLSchema#" {
        /// xsd:date.
        DATE = "date",
        /// xsd:gYearMonth.
        G_YEAR_MONTH = "gYearMonth",
        /// xsd:gYear.
        G_YEAR = "gYear",
        /// xsd:integer.
        INTEGER = "integer",
        /// xsd:decimal.
        DECIMAL = "decimal",
        /// xsd:boolean.
        BOOLEAN = "boolean",
    }
);

namespace!(
    /// SKOS.
    skos = "http://www.w3.org/2004/02/skos/core#" {
        /// skos:altLabel.
        ALT_LABEL = "altLabel",
        /// skos:prefLabel.
        PREF_LABEL = "prefLabel",
    }
);

namespace!(
    /// W3C Organization Ontology.
    org = "http://www.w3.org/ns/org#" {
        /// org:Membership.
        MEMBERSHIP = "Membership",
        /// org:Post.
        POST = "Post",
        /// org:member.
        MEMBER = "member",
        /// org:organization.
        ORGANIZATION = "organization",
        /// org:role.
        ROLE = "role",
        /// org:memberDuring.
        MEMBER_DURING = "memberDuring",
        /// org:postIn.
        POST_IN = "postIn",
        /// org:holds.
        HOLDS = "holds",
    }
);

namespace!(
    /// OWL-Time.
    time = "http://www.w3.org/2006/time#" {
        /// time:Interval.
        INTERVAL = "Interval",
        /// time:Instant.
        INSTANT = "Instant",
        /// time:hasBeginning.
        HAS_BEGINNING = "hasBeginning",
        /// time:hasEnd.
        HAS_END = "hasEnd",
        /// time:inXSDDate.
        IN_XSD_DATE = "inXSDDate",
    }
);

namespace!(
    /// PROV-O.
    prov = "http://www.w3.org/ns/prov#" {
        /// prov:wasDerivedFrom.
        WAS_DERIVED_FROM = "wasDerivedFrom",
    }
);

namespace!(
    /// Dublin Core Terms.
    dcterms = "http://purl.org/dc/terms/" {
        /// dcterms:title.
        TITLE = "title",
        /// dcterms:publisher.
        PUBLISHER = "publisher",
        /// dcterms:creator.
        CREATOR = "creator",
        /// dcterms:source.
        SOURCE = "source",
        /// dcterms:date.
        DATE = "date",
        /// dcterms:language.
        LANGUAGE = "language",
        /// dcterms:rights.
        RIGHTS = "rights",
        /// dcterms:identifier.
        IDENTIFIER = "identifier",
        /// dcterms:license.
        LICENSE = "license",
        /// dcterms:description.
        DESCRIPTION = "description",
        /// dcterms:format.
        FORMAT = "format",
    }
);

namespace!(
    /// VoID, the Vocabulary of Interlinked Datasets.
    void = "http://rdfs.org/ns/void#" {
        /// void:Dataset.
        DATASET = "Dataset",
        /// void:DatasetDescription.
        DATASET_DESCRIPTION = "DatasetDescription",
        /// void:triples.
        TRIPLES = "triples",
        /// void:entities.
        ENTITIES = "entities",
        /// void:distinctSubjects.
        DISTINCT_SUBJECTS = "distinctSubjects",
        /// void:distinctObjects.
        DISTINCT_OBJECTS = "distinctObjects",
        /// void:properties.
        PROPERTIES = "properties",
        /// void:classes.
        CLASSES = "classes",
        /// void:class.
        CLASS = "class",
        /// void:classPartition.
        CLASS_PARTITION = "classPartition",
        /// void:subset.
        SUBSET = "subset",
        /// void:uriSpace.
        URI_SPACE = "uriSpace",
        /// void:exampleResource.
        EXAMPLE_RESOURCE = "exampleResource",
        /// void:vocabulary.
        VOCABULARY = "vocabulary",
        /// void:sparqlEndpoint.
        SPARQL_ENDPOINT = "sparqlEndpoint",
        /// void:dataDump.
        DATA_DUMP = "dataDump",
    }
);

namespace!(
    /// DCAT, the Data Catalog Vocabulary (version 3).
    dcat = "http://www.w3.org/ns/dcat#" {
        /// dcat:Dataset.
        DATASET = "Dataset",
        /// dcat:Distribution.
        DISTRIBUTION_CLASS = "Distribution",
        /// dcat:DataService.
        DATA_SERVICE = "DataService",
        /// dcat:distribution.
        DISTRIBUTION = "distribution",
        /// dcat:downloadURL.
        DOWNLOAD_URL = "downloadURL",
        /// dcat:accessURL.
        ACCESS_URL = "accessURL",
        /// dcat:mediaType.
        MEDIA_TYPE = "mediaType",
        /// dcat:endpointURL.
        ENDPOINT_URL = "endpointURL",
        /// dcat:endpointDescription.
        ENDPOINT_DESCRIPTION = "endpointDescription",
        /// dcat:servesDataset.
        SERVES_DATASET = "servesDataset",
        /// dcat:landingPage.
        LANDING_PAGE = "landingPage",
        /// dcat:keyword.
        KEYWORD = "keyword",
        /// dcat:accessService.
        ACCESS_SERVICE = "accessService",
    }
);

namespace!(
    /// SPARQL 1.1 Service Description.
    sd = "http://www.w3.org/ns/sparql-service-description#" {
        /// sd:Service.
        SERVICE = "Service",
        /// sd:endpoint.
        ENDPOINT = "endpoint",
        /// sd:supportedLanguage.
        SUPPORTED_LANGUAGE = "supportedLanguage",
        /// sd:SPARQL11Query.
        SPARQL11_QUERY = "SPARQL11Query",
        /// sd:resultFormat.
        RESULT_FORMAT = "resultFormat",
        /// sd:feature.
        FEATURE = "feature",
        /// sd:UnionDefaultGraph.
        UNION_DEFAULT_GRAPH = "UnionDefaultGraph",
        /// sd:defaultDataset.
        DEFAULT_DATASET = "defaultDataset",
        /// sd:Dataset.
        DATASET = "Dataset",
        /// sd:defaultGraph.
        DEFAULT_GRAPH = "defaultGraph",
        /// sd:namedGraph.
        NAMED_GRAPH = "namedGraph",
        /// sd:NamedGraph.
        NAMED_GRAPH_CLASS = "NamedGraph",
        /// sd:name.
        NAME = "name",
        /// sd:Graph.
        GRAPH = "Graph",
        /// sd:graph.
        GRAPH_PROPERTY = "graph",
    }
);

namespace!(
    /// W3C unique URIs for file formats.
    formats = "http://www.w3.org/ns/formats/" {
        /// SPARQL results in JSON.
        SPARQL_RESULTS_JSON = "SPARQL_Results_JSON",
        /// SPARQL results in XML.
        SPARQL_RESULTS_XML = "SPARQL_Results_XML",
        /// SPARQL results in CSV.
        SPARQL_RESULTS_CSV = "SPARQL_Results_CSV",
        /// SPARQL results in TSV.
        SPARQL_RESULTS_TSV = "SPARQL_Results_TSV",
        /// Turtle.
        TURTLE = "Turtle",
        /// N-Triples.
        N_TRIPLES = "N-Triples",
        /// JSON-LD.
        JSON_LD = "JSON-LD",
        /// RDF/XML.
        RDF_XML = "RDF_XML",
    }
);

namespace!(
    /// FOAF.
    foaf = "http://xmlns.com/foaf/0.1/" {
        /// foaf:primaryTopic.
        PRIMARY_TOPIC = "primaryTopic",
        /// foaf:homepage.
        HOMEPAGE = "homepage",
    }
);

/// IANA media types as IRIs (what `dcat:mediaType` points to).
pub const IANA_MEDIA_TYPES: &str = "https://www.iana.org/assignments/media-types/";

/// Wikidata entity namespace for `owl:sameAs` links.
pub const WIKIDATA_ENTITY: &str = "http://www.wikidata.org/entity/";

/// The well-known prefixes, for Turtle output and predeclared in queries.
pub const PREFIXES: &[(&str, &str)] = &[
    ("dg", dg::NS),
    ("rdf", rdf::NS),
    ("rdfs", rdfs::NS),
    ("owl", owl::NS),
    ("xsd", xsd::NS),
    ("skos", skos::NS),
    ("org", org::NS),
    ("time", time::NS),
    ("prov", prov::NS),
    ("dcterms", dcterms::NS),
    ("wd", WIKIDATA_ENTITY),
];
