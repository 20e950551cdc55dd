//! Rendered resource pages kept for the next request of the same page: the store a server
//! reads is read-only (updates are refused; a rebuilt store replaces the whole [`super::Data`]
//! and with it this cache), so a page rendered once is the same page until then. Hub entities
//! are the slow pages (thousands of quads to decode and sort) and the ones asked for most.
//!
//! Bounded by the bytes of the bodies it holds; the least recently used page goes first.

use std::collections::{BTreeMap, HashMap};

use super::Response;

/// What identifies a rendered page: the resource's IRI, the page number and the
/// representation (`html`, `ttl`, …).
pub(crate) type PageKey = (String, usize, &'static str);

/// A least-recently-used cache of responses, bounded by body bytes.
#[derive(Debug)]
pub(crate) struct PageCache {
    budget: usize,
    used: usize,
    tick: u64,
    entries: HashMap<PageKey, (u64, Response)>,
    by_use: BTreeMap<u64, PageKey>,
}

impl PageCache {
    /// A cache holding at most `budget` bytes of bodies (0: nothing is kept).
    pub(crate) fn new(budget: usize) -> Self {
        Self {
            budget,
            used: 0,
            tick: 0,
            entries: HashMap::new(),
            by_use: BTreeMap::new(),
        }
    }

    /// The page, if kept (and now the most recently used).
    pub(crate) fn get(&mut self, key: &PageKey) -> Option<Response> {
        self.tick += 1;
        let tick = self.tick;
        let (used_at, response) = self.entries.get_mut(key)?;
        self.by_use.remove(used_at);
        *used_at = tick;
        self.by_use.insert(tick, key.clone());
        Some(response.clone())
    }

    /// Keep a page, dropping the least recently used ones beyond the budget. A page larger
    /// than the whole budget is not kept.
    pub(crate) fn put(&mut self, key: PageKey, response: Response) {
        let size = response.body.len();
        if size > self.budget {
            return;
        }
        self.tick += 1;
        if let Some((old_tick, old)) = self.entries.remove(&key) {
            self.by_use.remove(&old_tick);
            self.used -= old.body.len();
        }
        while self.used + size > self.budget {
            let Some((_, oldest)) = self.by_use.pop_first() else {
                break;
            };
            if let Some((_, old)) = self.entries.remove(&oldest) {
                self.used -= old.body.len();
            }
        }
        self.used += size;
        self.by_use.insert(self.tick, key.clone());
        self.entries.insert(key, (self.tick, response));
    }

    /// Bytes of bodies held.
    #[cfg(test)]
    pub(crate) fn used(&self) -> usize {
        self.used
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(bytes: usize) -> Response {
        Response::new(200, "text/html", vec![b'x'; bytes])
    }

    fn key(name: &str) -> PageKey {
        (name.to_owned(), 1, "html")
    }

    #[test]
    fn keeps_pages_within_its_budget_dropping_the_least_recently_used() {
        let mut cache = PageCache::new(100);
        cache.put(key("a"), page(40));
        cache.put(key("b"), page(40));
        // `a` used again, so `b` is the least recently used when `c` needs room
        assert_eq!(cache.get(&key("a")).map(|r| r.body.len()), Some(40));
        cache.put(key("c"), page(40));
        assert!(cache.get(&key("b")).is_none());
        assert!(cache.get(&key("a")).is_some() && cache.get(&key("c")).is_some());
        assert_eq!(cache.used(), 80);
        // a page larger than the budget is served, not kept
        cache.put(key("huge"), page(101));
        assert!(cache.get(&key("huge")).is_none());
        assert_eq!(cache.used(), 80);
        // the same key replaces its page
        cache.put(key("a"), page(10));
        assert_eq!(cache.used(), 50);
        // the page number and the representation are part of the key
        assert!(cache.get(&("a".to_owned(), 2, "html")).is_none());
        assert!(cache.get(&("a".to_owned(), 1, "ttl")).is_none());
        let mut empty = PageCache::new(0);
        empty.put(key("a"), page(1));
        assert!(empty.get(&key("a")).is_none());
    }
}
