//! A saved web page → its main text as lines, plus the metadata the page carries.
//!
//! Parsed with `scraper` (html5ever, the HTML5 parsing algorithm, so any tag soup parses).
//! Navigation, menus, breadcrumbs, headers, footers, sidebars, scripts, styles and forms are
//! dropped; paragraphs, headings, list items, table rows and other blocks become one line each.

use scraper::{ElementRef, Html, Node, Selector};

/// What a page says about itself, and its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Page {
    /// The main text, one block per line (no empty lines).
    pub(crate) lines: Vec<String>,
    /// `<meta property="og:title">`.
    pub(crate) og_title: Option<String>,
    /// The first `<h1>` of the kept text.
    pub(crate) h1: Option<String>,
    /// `<title>`.
    pub(crate) title: Option<String>,
    /// `<meta property="og:site_name">`.
    pub(crate) site_name: Option<String>,
    /// The page's address and where it was found (`canonical`, `og:url`, `saved from`).
    pub(crate) url: Option<(String, &'static str)>,
    /// A publication date from the metadata (raw text) and the metadata it came from.
    pub(crate) date: Option<(String, &'static str)>,
    /// `<html lang>`.
    pub(crate) lang: Option<String>,
}

/// Elements whose whole content is dropped.
const DROP_ELEMENTS: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "footer", "aside", "form", "button",
    "select", "textarea", "iframe", "svg", "head", "menu", "dialog", "object", "embed", "canvas",
];

/// ARIA roles whose content is dropped.
const DROP_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "search",
    "complementary",
    "menu",
    "menubar",
    "toolbar",
];

/// Words of `class`/`id` values (split at `-`, `_`, spaces and case changes are not split)
/// that mark page furniture. `pankuzu` and `topicpath` are Japanese sites' breadcrumbs.
const DROP_WORDS: &[&str] = &[
    "nav",
    "navi",
    "navbar",
    "navigation",
    "gnav",
    "lnav",
    "snav",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "pankuzu",
    "topicpath",
    "footer",
    "sidebar",
    "side",
    "sidenav",
    "localnav",
    "related",
    "banner",
    "skip",
    "skiplink",
    "share",
    "sns",
    "social",
    "cookie",
    "cookies",
    "pagetop",
    "print",
    "masthead",
];

/// Elements that end a line.
const BLOCKS: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "dt",
    "dd",
    "div",
    "section",
    "article",
    "main",
    "blockquote",
    "tr",
    "br",
    "pre",
    "table",
    "ul",
    "ol",
    "dl",
    "header",
    "hr",
    "figcaption",
    "caption",
    "address",
    "body",
    "center",
];

fn selector(css: &str) -> Option<Selector> {
    Selector::parse(css).ok()
}

fn first_attr(html: &Html, css: &str, attr: &str) -> Option<String> {
    let selector = selector(css)?;
    html.select(&selector)
        .filter_map(|e| e.value().attr(attr))
        .map(collapse)
        .find(|v| !v.is_empty())
}

fn first_text(html: &Html, css: &str) -> Option<String> {
    let selector = selector(css)?;
    html.select(&selector)
        .map(|e| collapse(&e.text().collect::<String>()))
        .find(|v| !v.is_empty())
}

/// Collapse whitespace runs to one space and trim.
pub(crate) fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_dropped(element: ElementRef<'_>, inside_content: bool) -> bool {
    let el = element.value();
    let name = el.name();
    if DROP_ELEMENTS.contains(&name) {
        return true;
    }
    // a <header> of the page is furniture; the <header> of an article holds its title
    if name == "header" && !inside_content {
        return true;
    }
    if el
        .attr("role")
        .is_some_and(|role| DROP_ROLES.contains(&role.trim().to_ascii_lowercase().as_str()))
    {
        return true;
    }
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") {
        return true;
    }
    let marked = |value: &str| {
        value.split_whitespace().any(|token| {
            let token = token.to_ascii_lowercase();
            token == "header"
                || token == "head"
                || token
                    .split(['-', '_'])
                    .any(|word| DROP_WORDS.contains(&word))
        })
    };
    el.attr("class").is_some_and(marked) || el.attr("id").is_some_and(marked)
}

enum Step<N> {
    Enter(N, bool),
    Exit(bool),
}

/// Parse a page.
pub(crate) fn parse(text: &str) -> Page {
    let html = Html::parse_document(text);
    let mut page = Page {
        og_title: first_attr(&html, r#"meta[property="og:title"]"#, "content"),
        title: first_text(&html, "title"),
        site_name: first_attr(&html, r#"meta[property="og:site_name"]"#, "content"),
        lang: first_attr(&html, "html[lang]", "lang")
            .or_else(|| first_attr(&html, r#"meta[http-equiv="content-language" i]"#, "content")),
        ..Page::default()
    };
    let absolute = |url: String| url.starts_with("http://") || url.starts_with("https://");
    page.url = first_attr(&html, r#"link[rel="canonical" i]"#, "href")
        .filter(|u| absolute(u.clone()))
        .map(|u| (u, "canonical link"))
        .or_else(|| {
            first_attr(&html, r#"meta[property="og:url"]"#, "content")
                .filter(|u| absolute(u.clone()))
                .map(|u| (u, "og:url"))
        })
        .or_else(|| saved_from(&html).map(|u| (u, "saved-from comment")));
    const DATE_META: &[(&str, &str, &str)] = &[
        (
            r#"meta[property="article:published_time"]"#,
            "content",
            "article:published_time",
        ),
        (r#"meta[name="date" i]"#, "content", "meta date"),
        (r#"meta[name="dcterms.date" i]"#, "content", "dcterms.date"),
        (
            r#"meta[name="dcterms.issued" i]"#,
            "content",
            "dcterms.issued",
        ),
        (r#"meta[name="dc.date" i]"#, "content", "DC.date"),
        (
            r#"meta[name="dc.date.issued" i]"#,
            "content",
            "DC.date.issued",
        ),
        (
            r#"meta[itemprop="datePublished"]"#,
            "content",
            "datePublished",
        ),
        (
            r#"meta[name="publication_date" i]"#,
            "content",
            "publication_date",
        ),
        (r#"time[datetime]"#, "datetime", "<time datetime>"),
    ];
    page.date = DATE_META
        .iter()
        .find_map(|(css, attr, how)| first_attr(&html, css, attr).map(|v| (v, *how)));

    let main = selector("main, [role=main]")
        .and_then(|s| html.select(&s).next())
        .or_else(|| selector("body").and_then(|s| html.select(&s).next()))
        .unwrap_or_else(|| html.root_element());
    let mut line = String::new();
    let mut lines = Vec::new();
    let flush = |line: &mut String, lines: &mut Vec<String>| {
        let text = collapse(line);
        if !text.is_empty() {
            lines.push(text);
        }
        line.clear();
    };
    let mut stack = vec![Step::Enter(*main, main.value().name() == "main")];
    while let Some(step) = stack.pop() {
        match step {
            Step::Exit(block) => {
                if block {
                    flush(&mut line, &mut lines);
                }
            }
            Step::Enter(node, inside_content) => match node.value() {
                Node::Text(text) => line.push_str(text),
                Node::Element(el) => {
                    let Some(element) = ElementRef::wrap(node) else {
                        continue;
                    };
                    if is_dropped(element, inside_content) {
                        continue;
                    }
                    let name = el.name();
                    if matches!(name, "td" | "th") {
                        line.push(' ');
                    }
                    if name == "h1" && page.h1.is_none() {
                        let text = collapse(&element.text().collect::<String>());
                        if !text.is_empty() {
                            page.h1 = Some(text);
                        }
                    }
                    let block = BLOCKS.contains(&name);
                    if block {
                        flush(&mut line, &mut lines);
                    }
                    let inside = inside_content || matches!(name, "main" | "article");
                    stack.push(Step::Exit(block));
                    let children: Vec<_> = node.children().collect();
                    for child in children.into_iter().rev() {
                        stack.push(Step::Enter(child, inside));
                    }
                }
                _ => {}
            },
        }
    }
    flush(&mut line, &mut lines);
    page.lines = lines;
    page
}

/// The address in a browser's `<!-- saved from url=(0042)https://… -->` comment.
fn saved_from(html: &Html) -> Option<String> {
    html.tree.nodes().find_map(|node| match node.value() {
        Node::Comment(c) => {
            let text = c.comment.trim();
            let rest = text.strip_prefix("saved from url=")?;
            let rest = rest
                .strip_prefix('(')
                .map_or(rest, |r| r.split_once(')').map_or(r, |(_, after)| after));
            let url = rest.split_whitespace().next()?.to_owned();
            (url.starts_with("http://") || url.starts_with("https://")).then_some(url)
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_content_and_drops_furniture() {
        let page = parse(
            r#"<!DOCTYPE html><!-- saved from url=(0030)https://www.mofa.go.jp/a.html -->
<html lang="ja"><head><title>発表 | 外務省</title><script>var x = "<p>no</p>";</script></head>
<body><header id="header"><a href="/">外務省</a></header>
<div class="breadcrumb">ホーム &gt; 報道発表</div><nav><ul><li>メニュー</li></ul></nav>
<div id="main"><h1>日米サイバー対話の開催</h1><p>令和5年9月15日</p>
<p>1　本日、<b>東京</b>で開催されました。</p><ul><li>項目一</li><li>項目二</li></ul>
<table><tr><td>a</td><td>b</td></tr></table></div>
<div class="skip-link">本文へ</div><footer>Copyright</footer></body></html>"#,
        );
        assert_eq!(
            page.lines,
            [
                "日米サイバー対話の開催",
                "令和5年9月15日",
                "1 本日、東京で開催されました。",
                "項目一",
                "項目二",
                "a b"
            ]
        );
        assert_eq!(page.h1.as_deref(), Some("日米サイバー対話の開催"));
        assert_eq!(page.title.as_deref(), Some("発表 | 外務省"));
        assert_eq!(page.lang.as_deref(), Some("ja"));
        assert_eq!(
            page.url,
            Some((
                "https://www.mofa.go.jp/a.html".to_owned(),
                "saved-from comment"
            ))
        );
    }
}
