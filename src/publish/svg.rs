//! Pictures drawn on the server, as SVG: an entity's neighbourhood and the sessions of a series
//! (a dialogue, a working group) on a time axis.
//!
//! Pure functions: plain data in ([`Neighbourhood`], [`SeriesTimeline`]), an SVG string out.
//! No script, no external asset (no web font, no style sheet, no image): the same string is
//! inlined in the pages of `serve` and `publish` and written by `diplograph plot`. The layout
//! is deterministic: the input is sorted here and coordinates are rounded to 0.1 px. Every
//! piece of text goes through [`text`] (XML-escaped, the characters XML 1.0 forbids dropped)
//! and is shortened to a display width in terminal columns (a Japanese character counts two),
//! with the full text in a `<title>` tooltip.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::html::escape;
use super::view::{ResourceView, TimelineKind, local_name, main_class, page_path};
use crate::rdf::vocab::{dg, org};
use crate::text::{columns, shorten};

/// At most this many neighbours are drawn (the best-connected); the others are counted.
pub const MAX_NEIGHBOURS: usize = 40;

/// At most this many sessions are drawn (the earliest); the others are counted.
pub const MAX_SESSIONS: usize = 60;

/// Node colours by class (the local name of the class IRI), in legend order.
const PALETTE: &[(&str, &str)] = &[
    ("State", "#4e79a7"),
    ("Ministry", "#59a14f"),
    ("Agency", "#8cd17d"),
    ("Official", "#f28e2b"),
    ("Organization", "#76b7b2"),
    ("WorkingGroup", "#e15759"),
    ("InternationalForum", "#b07aa1"),
    ("Event", "#edc948"),
    ("Document", "#9c755f"),
    ("Place", "#ff9da7"),
    ("Program", "#499894"),
    ("Post", "#d4a6c8"),
    ("SourceDocument", "#bab0ac"),
];
const OTHER_COLOUR: &str = "#79706e";
const FONT: &str = "system-ui, -apple-system, 'Segoe UI', 'Hiragino Sans', 'Noto Sans CJK JP', \
                    'Yu Gothic', sans-serif";
const MUTED: &str = "#5b6570";
const LINE: &str = "#9aa4ae";
const ACCENT: &str = "#0b5cad";
/// Estimated width of one terminal column of 12 px text (a Japanese character is two columns,
/// about 12 px; Latin text averages a little more than half its size).
const COLUMN_PX: f64 = 6.6;

/// A resource in a picture.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PlotNode {
    /// Its IRI.
    pub iri: String,
    /// The label to show.
    pub label: String,
    /// Its class's local name (`State`, `Event`, `Post` …): picks the colour.
    pub kind: String,
    /// Where the node links to (its page), if anywhere.
    pub href: Option<String>,
}

/// A resource linked to the centre of a [`Neighbourhood`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neighbour {
    /// The resource.
    pub node: PlotNode,
    /// Labels of the properties from the centre to it.
    pub outgoing: Vec<String>,
    /// Labels of the properties from it to the centre.
    pub incoming: Vec<String>,
}

impl Neighbour {
    fn links(&self) -> usize {
        self.outgoing.len() + self.incoming.len()
    }
}

/// A resource and the resources it is linked to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neighbourhood {
    /// The resource in the centre.
    pub centre: PlotNode,
    /// The resources around it, in any order.
    pub neighbours: Vec<Neighbour>,
}

/// One session of a series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The session (an event).
    pub node: PlotNode,
    /// Its first day (`xsd:date`, `2013-05-09`): where it sits on the axis.
    pub start: String,
    /// Its date at its own precision, as shown (`2013`, `2013-05`, `2013-05-09`).
    pub date: String,
}

/// A series and its sessions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesTimeline {
    /// The series.
    pub series: PlotNode,
    /// Its dated sessions, in any order.
    pub sessions: Vec<Session>,
    /// Sessions without a date (not drawn, counted).
    pub undated: usize,
}

/// Text for SVG content and attribute values: the characters XML 1.0 forbids dropped, the
/// rest escaped.
pub fn text(raw: &str) -> String {
    let allowed: String = raw
        .chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
        })
        .collect();
    escape(&allowed)
}

fn colour(kind: &str) -> &'static str {
    PALETTE
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(OTHER_COLOUR, |(_, c)| c)
}

fn kind_rank(kind: &str) -> usize {
    PALETTE
        .iter()
        .position(|(k, _)| *k == kind)
        .unwrap_or(PALETTE.len())
}

/// A coordinate, rounded to 0.1 px (`-0.0` printed as `0`).
fn px(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded == 0.0 {
        "0".to_owned()
    } else {
        format!("{rounded}")
    }
}

/// An open `<svg>` element with its accessible title and a white background.
fn open_svg(width: f64, height: f64, title: &str) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"dg-plot\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" font-family=\"{FONT}\" font-size=\"12\" role=\"img\">\
         <title>{}</title><rect width=\"{w}\" height=\"{h}\" fill=\"#fff\"/>",
        text(title),
        w = px(width),
        h = px(height),
    );
    out
}

/// A node's opening `<a>` (when it has a page) and its tooltip.
fn open_node(out: &mut String, node: &PlotNode) {
    if let Some(href) = &node.href {
        let _ = write!(out, "<a href=\"{}\">", text(href));
    }
    let _ = write!(
        out,
        "<g><title>{} ({})</title>",
        text(&node.label),
        text(&node.kind)
    );
}

fn close_node(out: &mut String, node: &PlotNode) {
    out.push_str("</g>");
    if node.href.is_some() {
        out.push_str("</a>");
    }
}

/// The neighbourhood of the view's resource: the resources with a page (under `base`) it is
/// linked to in either direction (mentions by documents left out) and the posts it held.
/// `href` gives the link of a resource's page.
pub fn neighbourhood(
    view: &ResourceView,
    base: &crate::rdf::Iris,
    href: &dyn Fn(&str) -> Option<String>,
) -> Neighbourhood {
    let node = |iri: &str, label: &str, kind: String| PlotNode {
        iri: iri.to_owned(),
        label: label.to_owned(),
        kind,
        href: href(iri),
    };
    let kind_of = |iri: &str| {
        view.classes
            .get(iri)
            .map_or_else(|| "Resource".to_owned(), |c| local_name(c).to_owned())
    };
    let mut by_iri: BTreeMap<&str, Neighbour> = BTreeMap::new();
    for (groups, incoming) in [(&view.outgoing, false), (&view.incoming, true)] {
        for group in groups.iter().filter(|g| g.property.iri != dg::MENTIONS) {
            for target in &group.targets {
                let iri = target.node.iri.as_str();
                if iri == view.iri || page_path(base, iri).is_none() {
                    continue;
                }
                let entry = by_iri.entry(iri).or_insert_with(|| Neighbour {
                    node: node(iri, target.node.text(), kind_of(iri)),
                    outgoing: Vec::new(),
                    incoming: Vec::new(),
                });
                let labels = if incoming {
                    &mut entry.incoming
                } else {
                    &mut entry.outgoing
                };
                labels.push(group.property.text().to_owned());
            }
        }
    }
    for entry in &view.timeline {
        let iri = entry.node.iri.as_str();
        if entry.entry != TimelineKind::Tenure || page_path(base, iri).is_none() {
            continue;
        }
        let neighbour = by_iri.entry(iri).or_insert_with(|| Neighbour {
            node: node(iri, entry.node.text(), local_name(org::POST).to_owned()),
            outgoing: Vec::new(),
            incoming: Vec::new(),
        });
        let relation = entry.relation.text().to_owned();
        if !neighbour.outgoing.contains(&relation) {
            neighbour.outgoing.push(relation);
        }
    }
    let centre_kind = main_class(view.types.iter().map(|t| t.iri.as_str()))
        .map_or("Resource", |c| local_name(c))
        .to_owned();
    Neighbourhood {
        centre: node(
            &view.iri,
            view.labels.main().unwrap_or(&view.iri),
            centre_kind,
        ),
        neighbours: by_iri.into_values().collect(),
    }
}

/// The sessions of the view's resource (the events `dg:partOf` it, dated ones on the axis), or
/// `None` when it has no dated session.
pub fn series_timeline(
    view: &ResourceView,
    href: &dyn Fn(&str) -> Option<String>,
) -> Option<SeriesTimeline> {
    let sessions: Vec<Session> = view
        .timeline
        .iter()
        .filter(|e| e.entry == TimelineKind::Event && e.incoming && e.relation.iri == dg::PART_OF)
        .map(|e| Session {
            node: PlotNode {
                iri: e.node.iri.clone(),
                label: e.node.text().to_owned(),
                kind: local_name(dg::EVENT).to_owned(),
                href: href(&e.node.iri),
            },
            start: e.start.clone(),
            date: e.date.clone(),
        })
        .collect();
    if sessions.is_empty() {
        return None;
    }
    let undated = view
        .incoming
        .iter()
        .filter(|g| g.property.iri == dg::PART_OF)
        .flat_map(|g| &g.targets)
        .filter(|t| {
            view.classes.get(&t.node.iri).map(String::as_str) == Some(dg::EVENT)
                && !sessions.iter().any(|s| s.node.iri == t.node.iri)
        })
        .count();
    Some(SeriesTimeline {
        series: PlotNode {
            iri: view.iri.clone(),
            label: view.labels.main().unwrap_or(&view.iri).to_owned(),
            kind: main_class(view.types.iter().map(|t| t.iri.as_str()))
                .map_or("Resource", |c| local_name(c))
                .to_owned(),
            href: None,
        },
        sessions,
        undated,
    })
}

/// The neighbourhood as SVG: the centre in the middle, up to [`MAX_NEIGHBOURS`] neighbours (the
/// most linked) on a circle grouped by class, an arrow per link direction labelled with its
/// properties, and a legend of the classes.
pub fn neighbourhood_svg(plot: &Neighbourhood) -> String {
    let label_key = |n: &Neighbour| (n.node.label.to_lowercase(), n.node.iri.clone());
    let mut neighbours: Vec<&Neighbour> = plot
        .neighbours
        .iter()
        .filter(|n| n.node.iri != plot.centre.iri)
        .collect();
    neighbours.sort_by(|a, b| {
        b.links()
            .cmp(&a.links())
            .then_with(|| label_key(a).cmp(&label_key(b)))
    });
    let hidden = neighbours.len().saturating_sub(MAX_NEIGHBOURS);
    neighbours.truncate(MAX_NEIGHBOURS);
    neighbours.sort_by(|a, b| {
        (kind_rank(&a.node.kind), &a.node.kind, label_key(a)).cmp(&(
            kind_rank(&b.node.kind),
            &b.node.kind,
            label_key(b),
        ))
    });
    let count = neighbours.len();
    let radius = match count {
        0..=8 => 140.0,
        9..=16 => 180.0,
        _ => 230.0,
    };
    const LABEL_COLUMNS: usize = 26;
    const NODE_R: f64 = 7.0;
    const CENTRE_R: f64 = 12.0;
    let radial = count > 16;
    let size = 2.0 * (radius + 14.0 + LABEL_COLUMNS as f64 * COLUMN_PX) + 20.0;
    // Level labels need room at the sides only; radial ones all round.
    let drawing = if radial { size } else { 2.0 * (radius + 36.0) };
    let (cx, cy) = (size / 2.0, drawing / 2.0);

    let mut kinds: BTreeMap<(usize, &str), usize> = BTreeMap::new();
    for kind in std::iter::once(&plot.centre.kind).chain(neighbours.iter().map(|n| &n.node.kind)) {
        *kinds.entry((kind_rank(kind), kind.as_str())).or_default() += 1;
    }
    const LEGEND_ITEM: f64 = 170.0;
    let per_row = (((size - 20.0) / LEGEND_ITEM).floor() as usize).max(1);
    let legend_rows = kinds.len().div_ceil(per_row);
    let notes = if hidden > 0 || count == 0 { 22.0 } else { 0.0 };
    let height = drawing + notes + legend_rows as f64 * 22.0 + 12.0;

    let mut out = open_svg(
        size,
        height,
        &format!("Neighbourhood of {}", plot.centre.label),
    );
    let _ = write!(
        out,
        "<defs><marker id=\"dg-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" \
         markerWidth=\"6\" markerHeight=\"6\" orient=\"auto-start-reverse\">\
         <path d=\"M0,0L10,5L0,10z\" fill=\"{LINE}\"/></marker></defs>"
    );
    let angle =
        |i: usize| -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / count as f64;
    // Edges first, under the nodes.
    out.push_str("<g class=\"edges\">");
    for (i, n) in neighbours.iter().enumerate() {
        let a = angle(i);
        let (ux, uy) = (a.cos(), a.sin());
        let (from, to) = (CENTRE_R + 2.0, radius - NODE_R - 2.0);
        let mut markers = String::new();
        if !n.outgoing.is_empty() {
            markers.push_str(" marker-end=\"url(#dg-arrow)\"");
        }
        if !n.incoming.is_empty() {
            markers.push_str(" marker-start=\"url(#dg-arrow)\"");
        }
        let _ = write!(
            out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{LINE}\" stroke-width=\"1.2\"{markers}/>",
            px(cx + ux * from),
            px(cy + uy * from),
            px(cx + ux * to),
            px(cy + uy * to),
        );
        let mut labels: Vec<&str> = Vec::new();
        for label in n.outgoing.iter().chain(&n.incoming) {
            if !labels.contains(&label.as_str()) {
                labels.push(label);
            }
        }
        let mid = (from + to) / 2.0;
        let mut degrees = a.to_degrees();
        if ux < -1e-9 {
            degrees += 180.0;
        }
        let room = (((to - from) / 5.0) as usize).max(8);
        let _ = write!(
            out,
            "<text transform=\"translate({},{}) rotate({})\" text-anchor=\"middle\" dy=\"-3\" \
             font-size=\"9\" fill=\"{MUTED}\" stroke=\"#fff\" stroke-width=\"3\" \
             paint-order=\"stroke\">{}</text>",
            px(cx + ux * mid),
            px(cy + uy * mid),
            px(degrees),
            text(&shorten(&labels.join(", "), room)),
        );
    }
    out.push_str("</g><g class=\"nodes\">");
    for (i, n) in neighbours.iter().enumerate() {
        let a = angle(i);
        let (ux, uy) = (a.cos(), a.sin());
        let (x, y) = (cx + ux * radius, cy + uy * radius);
        open_node(&mut out, &n.node);
        let _ = write!(
            out,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{NODE_R}\" fill=\"{}\" stroke=\"#fff\" stroke-width=\"1.5\"/>",
            px(x),
            px(y),
            colour(&n.node.kind)
        );
        let label = text(&shorten(&n.node.label, LABEL_COLUMNS));
        let (lx, ly) = (cx + ux * (radius + 12.0), cy + uy * (radius + 12.0));
        if radial {
            let (degrees, anchor) = if ux < -1e-9 {
                (a.to_degrees() + 180.0, "end")
            } else {
                (a.to_degrees(), "start")
            };
            let _ = write!(
                out,
                "<text transform=\"translate({},{}) rotate({})\" text-anchor=\"{anchor}\" dy=\"4\">{label}</text>",
                px(lx),
                px(ly),
                px(degrees)
            );
        } else {
            let anchor = if ux > 0.2 {
                "start"
            } else if ux < -0.2 {
                "end"
            } else {
                "middle"
            };
            let dy = if uy < -0.5 {
                -2.0
            } else if uy > 0.5 {
                10.0
            } else {
                4.0
            };
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\">{label}</text>",
                px(lx),
                px(ly + dy)
            );
        }
        close_node(&mut out, &n.node);
    }
    open_node(&mut out, &plot.centre);
    let _ = write!(
        out,
        "<circle cx=\"{}\" cy=\"{}\" r=\"{CENTRE_R}\" fill=\"{}\" stroke=\"#1d232a\" stroke-width=\"2\"/>\
         <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"700\" \
         stroke=\"#fff\" stroke-width=\"4\" paint-order=\"stroke\">{}</text>",
        px(cx),
        px(cy),
        colour(&plot.centre.kind),
        px(cx),
        px(cy + CENTRE_R + 16.0),
        text(&shorten(&plot.centre.label, 24))
    );
    close_node(&mut out, &plot.centre);
    out.push_str("</g>");
    let mut y = drawing;
    if notes > 0.0 {
        let note = if count == 0 {
            "no links to other resources".to_owned()
        } else {
            format!("+{hidden} more (the {MAX_NEIGHBOURS} most linked are shown)")
        };
        let _ = write!(
            out,
            "<text x=\"10\" y=\"{}\" fill=\"{MUTED}\">{}</text>",
            px(y + 4.0),
            text(&note)
        );
        y += notes;
    }
    out.push_str("<g class=\"legend\">");
    for (i, ((_, kind), n)) in kinds.iter().enumerate() {
        let (col, row) = (i % per_row, i / per_row);
        let (x, ly) = (10.0 + col as f64 * LEGEND_ITEM, y + 8.0 + row as f64 * 22.0);
        let _ = write!(
            out,
            "<circle cx=\"{}\" cy=\"{}\" r=\"6\" fill=\"{}\"/><text x=\"{}\" y=\"{}\">{} ({n})</text>",
            px(x + 6.0),
            px(ly),
            colour(kind),
            px(x + 18.0),
            px(ly + 4.0),
            text(kind)
        );
    }
    out.push_str("</g></svg>");
    out
}

/// Year and fraction of the year of an `xsd:date` (`2013-07-02` → 2013, 0.5), or `None`.
fn year_fraction(date: &str) -> Option<(i64, f64)> {
    let mut parts = date.splitn(3, '-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next().map_or(Some(1), |m| m.parse().ok())?;
    let day: u32 = parts
        .next()
        .map_or(Some(1), |d| d.get(..2).and_then(|d| d.parse().ok()))?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let days_before = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334][month as usize - 1];
    Some((year, f64::from(days_before + day - 1) / 365.0))
}

/// The sessions of a series as SVG: a horizontal axis of years, a marker per session on it, and
/// a row per session (up to [`MAX_SESSIONS`], the earliest) with its dot at its date, its date
/// and its label.
pub fn timeline_svg(plot: &SeriesTimeline) -> String {
    const WIDTH: f64 = 880.0;
    const LEFT: f64 = 30.0;
    const RIGHT: f64 = WIDTH - 30.0;
    const AXIS_Y: f64 = 50.0;
    const FIRST_ROW: f64 = 76.0;
    const ROW: f64 = 24.0;
    let mut undated = plot.undated;
    let mut sessions: Vec<(&Session, (i64, f64))> = Vec::new();
    for session in &plot.sessions {
        match year_fraction(&session.start) {
            Some(at) => sessions.push((session, at)),
            None => undated += 1,
        }
    }
    sessions.sort_by(|(a, _), (b, _)| {
        (&a.start, a.node.label.to_lowercase(), &a.node.iri).cmp(&(
            &b.start,
            b.node.label.to_lowercase(),
            &b.node.iri,
        ))
    });
    sessions.dedup_by(|(a, _), (b, _)| a.node.iri == b.node.iri);
    let hidden = sessions.len().saturating_sub(MAX_SESSIONS);
    let all = sessions.clone();
    sessions.truncate(MAX_SESSIONS);
    let first = all.iter().map(|(_, (y, _))| *y).min().unwrap_or(2000);
    let last = all.iter().map(|(_, (y, _))| *y).max().unwrap_or(first);
    let span = (last - first + 1) as f64;
    let x_of = |(year, fraction): (i64, f64)| {
        LEFT + ((year - first) as f64 + fraction) / span * (RIGHT - LEFT)
    };
    let notes = usize::from(hidden > 0) + usize::from(undated > 0);
    let height = FIRST_ROW + sessions.len() as f64 * ROW + notes as f64 * 20.0 + 6.0;

    let mut out = open_svg(WIDTH, height, &format!("Sessions of {}", plot.series.label));
    let _ = write!(
        out,
        "<text x=\"{LEFT}\" y=\"18\" font-size=\"13\" font-weight=\"700\">{}</text>",
        text(&shorten(
            &format!(
                "{} — {} session{}",
                plot.series.label,
                all.len(),
                if all.len() == 1 { "" } else { "s" }
            ),
            110
        ))
    );
    // The axis: a tick and a grid line at the start of each year, labelled every `step` years.
    let step = ((span / 16.0).ceil() as i64).max(1);
    out.push_str("<g class=\"axis\">");
    let _ = write!(
        out,
        "<line x1=\"{LEFT}\" y1=\"{AXIS_Y}\" x2=\"{RIGHT}\" y2=\"{AXIS_Y}\" stroke=\"#1d232a\" stroke-width=\"1.5\"/>"
    );
    for year in first..=last + 1 {
        let x = px(x_of((year, 0.0)));
        let _ = write!(
            out,
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#d8dee4\"/>\
             <line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#1d232a\"/>",
            px(AXIS_Y + 6.0),
            px(height - 6.0 - notes as f64 * 20.0),
            px(AXIS_Y - 5.0),
            px(AXIS_Y + 5.0),
        );
        if year <= last && (year - first) % step == 0 {
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\" fill=\"{MUTED}\">{year}</text>",
                px(x_of((year, 0.0)) + 3.0),
                px(AXIS_Y - 8.0)
            );
        }
    }
    for (_, at) in &all {
        let _ = write!(
            out,
            "<circle cx=\"{}\" cy=\"{AXIS_Y}\" r=\"3.5\" fill=\"{ACCENT}\"/>",
            px(x_of(*at))
        );
    }
    out.push_str("</g><g class=\"sessions\">");
    for (i, (session, at)) in sessions.iter().enumerate() {
        let x = x_of(*at);
        let y = FIRST_ROW + i as f64 * ROW;
        let right_room = RIGHT + 20.0 - (x + 10.0);
        let left_room = x - 10.0 - 8.0;
        let wanted = (columns(&session.date) + 2 + columns(&session.node.label)) as f64 * COLUMN_PX;
        let on_right = right_room >= wanted || right_room >= left_room;
        let room = if on_right { right_room } else { left_room };
        let label_columns = ((room / COLUMN_PX) as usize)
            .saturating_sub(columns(&session.date) + 2)
            .max(6);
        open_node(&mut out, &session.node);
        let _ = write!(
            out,
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#d8dee4\" stroke-dasharray=\"2 3\"/>\
             <circle cx=\"{x}\" cy=\"{}\" r=\"5\" fill=\"{ACCENT}\"/>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"{}\"><tspan font-weight=\"700\">{}</tspan>  {}</text>",
            px(AXIS_Y + 4.0),
            px(y - 5.0),
            px(y),
            px(if on_right { x + 10.0 } else { x - 10.0 }),
            px(y + 4.0),
            if on_right { "start" } else { "end" },
            text(&session.date),
            text(&shorten(&session.node.label, label_columns)),
            x = px(x),
        );
        close_node(&mut out, &session.node);
    }
    out.push_str("</g>");
    let mut y = FIRST_ROW + sessions.len() as f64 * ROW;
    for note in [
        (hidden > 0).then(|| format!("+{hidden} later sessions on the axis, not listed")),
        (undated > 0).then(|| {
            format!(
                "{undated} session{} without a date, not shown",
                if undated == 1 { "" } else { "s" }
            )
        }),
    ]
    .into_iter()
    .flatten()
    {
        let _ = write!(
            out,
            "<text x=\"{LEFT}\" y=\"{}\" fill=\"{MUTED}\">{}</text>",
            px(y),
            text(&note)
        );
        y += 20.0;
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::events::Event;

    /// Parse `svg` as XML (end tags checked against start tags, entities resolved) and return
    /// the names of its elements in document order and its text.
    fn parse(svg: &str) -> (Vec<String>, String) {
        let mut reader = quick_xml::Reader::from_str(svg);
        let mut names = Vec::new();
        let mut depth = 0usize;
        let mut content = String::new();
        loop {
            match reader.read_event().expect("well-formed XML") {
                event @ (Event::Start(_) | Event::Empty(_)) => {
                    let (Event::Start(e) | Event::Empty(e)) = &event else {
                        unreachable!()
                    };
                    depth += usize::from(matches!(event, Event::Start(_)));
                    names.push(String::from_utf8(e.name().as_ref().to_vec()).unwrap());
                    for attribute in e.attributes() {
                        attribute
                            .expect("a well-formed attribute")
                            .unescape_value()
                            .unwrap();
                    }
                }
                Event::End(_) => depth -= 1,
                Event::Text(t) => content.push_str(&t.decode().unwrap()),
                Event::GeneralRef(r) => {
                    let name = r.decode().unwrap();
                    let resolved = match name.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "#39" => "'",
                        other => panic!("unknown entity &{other};"),
                    };
                    content.push_str(resolved);
                }
                Event::Eof => break,
                Event::Decl(_) | Event::PI(_) | Event::DocType(_) => panic!("no prologue wanted"),
                _ => {}
            }
        }
        assert_eq!(depth, 0, "unclosed elements");
        assert_eq!(names.first().map(String::as_str), Some("svg"));
        (names, content)
    }

    #[test]
    fn the_checker_rejects_what_is_not_well_formed() {
        for bad in ["<svg><g></svg>", "<svg>&nbsp;</svg>", "<svg><a x=\"1</svg>"] {
            assert!(std::panic::catch_unwind(|| parse(bad)).is_err(), "{bad}");
        }
    }

    fn plot_node(slug: &str, label: &str, kind: &str) -> PlotNode {
        PlotNode {
            iri: format!("https://example.org/id/{slug}"),
            label: label.to_owned(),
            kind: kind.to_owned(),
            href: Some(format!("/id/{slug}")),
        }
    }

    fn neighbours(count: usize) -> Neighbourhood {
        Neighbourhood {
            centre: plot_node("japan", "Japan", "State"),
            neighbours: (0..count)
                .map(|i| Neighbour {
                    node: plot_node(&format!("n{i:03}"), &format!("Neighbour {i}"), "Event"),
                    outgoing: vec!["participatedIn".to_owned()],
                    incoming: if i % 3 == 0 {
                        vec!["organizedBy".to_owned()]
                    } else {
                        Vec::new()
                    },
                })
                .collect(),
        }
    }

    #[test]
    fn a_neighbourhood_is_well_formed_svg_with_one_circle_per_node_and_a_legend() {
        for count in [0, 1, 5, 12, 30] {
            let svg = neighbourhood_svg(&neighbours(count));
            let (names, content) = parse(&svg);
            let circles = names.iter().filter(|n| *n == "circle").count();
            // nodes, the centre, and one legend swatch per class (State, and Event when drawn)
            let classes = if count == 0 { 1 } else { 2 };
            assert_eq!(circles, count + 1 + classes, "{count} neighbours");
            assert_eq!(names.iter().filter(|n| *n == "line").count(), count);
            assert!(content.contains("Japan"));
            assert!(content.contains("State (1)"), "{content}");
            if count > 0 {
                assert!(content.contains(&format!("Event ({count})")), "{content}");
            }
        }
    }

    #[test]
    fn neighbours_over_the_cap_are_counted_not_drawn() {
        let plot = neighbours(MAX_NEIGHBOURS + 7);
        let (names, content) = parse(&neighbourhood_svg(&plot));
        assert_eq!(
            names.iter().filter(|n| *n == "a").count(),
            MAX_NEIGHBOURS + 1
        );
        assert!(content.contains("+7 more"), "{content}");
        // The most linked (every third has a link each way) are kept.
        assert!(content.contains("Neighbour 0 "), "{content}");
        assert!(content.contains("Neighbour 45 "), "{content}");
        // Of those with one link, the last by label are left out.
        assert!(!content.contains("Neighbour 8 "), "{content}");
    }

    #[test]
    fn the_layout_does_not_depend_on_the_input_order() {
        let plot = neighbours(23);
        let mut reversed = plot.clone();
        reversed.neighbours.reverse();
        assert_eq!(neighbourhood_svg(&plot), neighbourhood_svg(&reversed));
        let timeline = sessions(&["2015-03-01", "2013-05-09", "2014-04-10"]);
        let mut shuffled = timeline.clone();
        shuffled.sessions.rotate_left(1);
        assert_eq!(timeline_svg(&timeline), timeline_svg(&shuffled));
    }

    #[test]
    fn markup_and_control_characters_in_labels_are_escaped_or_dropped() {
        let mut plot = neighbours(2);
        plot.centre.label = "<script>alert('x')</script> & \"co\"\u{1}".to_owned();
        plot.neighbours[0].node.label = "日米サイバー対話 <b>".to_owned();
        plot.neighbours[0].outgoing = vec!["a&b".to_owned()];
        plot.neighbours[1].node.href = Some("/id/x?a=1&b=\"2\"".to_owned());
        let svg = neighbourhood_svg(&plot);
        assert!(!svg.contains("<script>") && !svg.contains("<b>"));
        assert!(!svg.contains('\u{1}'));
        let (names, content) = parse(&svg);
        assert!(!names.iter().any(|n| n == "script" || n == "b"));
        assert!(
            content.contains("<script>alert('x')</script> & \"co\""),
            "{content}"
        );
        assert!(content.contains("日米サイバー対話 <b>"), "{content}");
        assert!(content.contains("a&b"));
    }

    fn sessions(dates: &[&str]) -> SeriesTimeline {
        SeriesTimeline {
            series: plot_node(
                "japan-us-cyber-dialogue",
                "Japan-U.S. Cyber Dialogue",
                "Event",
            ),
            sessions: dates
                .iter()
                .enumerate()
                .map(|(i, date)| Session {
                    node: plot_node(
                        &format!("s{i}"),
                        &format!("第{}回日米サイバー対話", i + 1),
                        "Event",
                    ),
                    start: (*date).to_owned(),
                    date: (*date).to_owned(),
                })
                .collect(),
            undated: 0,
        }
    }

    #[test]
    fn a_timeline_has_a_year_axis_and_a_marker_and_row_per_session() {
        let plot = sessions(&["2013-05-09", "2014-04-10", "2017-07-20"]);
        let svg = timeline_svg(&plot);
        let (names, content) = parse(&svg);
        // a marker on the axis and a dot in its row per session
        assert_eq!(names.iter().filter(|n| *n == "circle").count(), 6);
        for year in 2013..=2017 {
            assert!(content.contains(&year.to_string()), "{year}: {content}");
        }
        for date in ["2013-05-09", "2014-04-10", "2017-07-20"] {
            assert!(content.contains(date));
        }
        assert!(content.contains("第1回日米サイバー対話"));
        assert!(content.contains("3 sessions"));
        // Dots sit in date order from left to right.
        let xs: Vec<f64> = svg
            .match_indices("r=\"5\"")
            .map(|(at, _)| {
                let before = &svg[..at];
                let cx = before.rfind("cx=\"").unwrap() + 4;
                before[cx..cx + before[cx..].find('"').unwrap()]
                    .parse()
                    .unwrap()
            })
            .collect();
        assert_eq!(xs.len(), 3);
        assert!(xs[0] < xs[1] && xs[1] < xs[2], "{xs:?}");
    }

    #[test]
    fn undated_and_capped_sessions_are_counted() {
        let dates: Vec<String> = (0..MAX_SESSIONS + 3)
            .map(|i| format!("{}-01-01", 2000 + i))
            .collect();
        let dates: Vec<&str> = dates.iter().map(String::as_str).collect();
        let mut plot = sessions(&dates);
        plot.undated = 2;
        plot.sessions[0].start = "sometime".to_owned();
        let (names, content) = parse(&timeline_svg(&plot));
        assert_eq!(names.iter().filter(|n| *n == "a").count(), MAX_SESSIONS);
        assert!(content.contains("+2 later sessions"), "{content}");
        assert!(content.contains("3 sessions without a date"), "{content}");
    }
}
