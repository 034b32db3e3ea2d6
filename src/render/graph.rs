//! The provenance graph of a topic or a claim, drawn at build time as inline SVG (no
//! JavaScript), with the same graph as nested lists for readers who do not see it.
//!
//! Nodes: origins and intermediaries (one node per origin, whether it is the origin of one claim
//! and the intermediary of another), the articles (outlet and date), and the figures or
//! statements (one node per same-origin group: one line of descent however many articles repeat
//! it). Edges follow each claim's chain: origin → `via` … → article → claim node.
//!
//! Layout: our own layered layout (a graph this size needs no layout crate): origins and
//! intermediaries by longest path from an origin, articles in the next layer, claim nodes in the
//! last; then the order within each layer by barycentre sweeps (down, up, four rounds) from the
//! order of first appearance, keeping an order only when it has fewer crossings, then swaps of
//! neighbours while a swap removes a crossing. An edge that spans layers passes through a bend
//! in each (drawn as a straight line through that column), so every crossing is counted and
//! avoided alike. Deterministic: ties keep the previous order. Layers run left to right; the SVG scales to its container and
//! sits in a scrollable region, and the list below says everything it shows.

use std::collections::HashMap;

use crate::model::provenance::independence::{ChainLink, chain_links};
use crate::model::{ClaimId, Dossier};
use crate::render::escape;

/// A node of the graph.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum NodeKey {
    /// An origin or intermediary.
    Link(LinkKey),
    /// An article.
    Article(usize),
    /// A same-origin group, by its first claim.
    Group(usize),
    /// A bend of an edge that spans layers (drawn as part of the edge, not as a box), so the
    /// ordering and the crossing count see every edge between adjacent layers.
    Bend(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum LinkKey {
    Named(usize),
    Article(usize),
}

impl From<ChainLink> for LinkKey {
    fn from(link: ChainLink) -> Self {
        match link {
            ChainLink::Named(o) => LinkKey::Named(o.index()),
            ChainLink::Article(s) => LinkKey::Article(s.index()),
        }
    }
}

/// Labels of the graph, in the page's language.
#[derive(Debug, Clone, Copy)]
pub struct Labels<'a> {
    /// "der Artikel selbst".
    pub article_itself: &'a str,
    /// The graph's title.
    pub title: &'a str,
    /// "über" (an intermediary).
    pub via: &'a str,
    /// What an arrow drawn right to left means, under a graph that has one.
    pub back_edge: &'a str,
}

/// The graph of `claims`, laid out.
pub struct Graph {
    layers: Vec<Vec<usize>>,
    nodes: Vec<(NodeKey, String)>,
    /// Edges between adjacent layers, each from its left end to its right end.
    edges: Vec<(usize, usize)>,
    /// Per edge: part of an edge that closes a cycle ("A via B" where B is also via A), drawn
    /// right to left, its arrow at its left end.
    back: Vec<bool>,
    /// The legend of an arrow that runs back (`Labels::back_edge`).
    back_legend: String,
    /// Nested list, HTML, with `{root}` where the links need the page's root.
    list_html: String,
    /// Edge crossings of the order of first appearance, before the barycentre sweeps.
    pub initial_crossings: usize,
}

/// The edges among origins and intermediaries that close a cycle, found depth-first from each
/// node in the order of first appearance (an edge to a node still on the path closes one).
/// Without them the links form a graph without cycles that can be laid out left to right.
fn closing_edges(is_link: &[bool], edges: &[(usize, usize)]) -> Vec<bool> {
    let mut out: Vec<Vec<(usize, usize)>> = vec![Vec::new(); is_link.len()];
    for (e, &(a, b)) in edges.iter().enumerate() {
        if is_link[a] && is_link[b] {
            out[a].push((e, b));
        }
    }
    #[derive(Clone, Copy, PartialEq)]
    enum Visit {
        New,
        OnPath,
        Done,
    }
    let mut visit = vec![Visit::New; is_link.len()];
    let mut closing = vec![false; edges.len()];
    for start in (0..is_link.len()).filter(|&n| is_link[n]) {
        if visit[start] != Visit::New {
            continue;
        }
        visit[start] = Visit::OnPath;
        // The path: each node with the index of the next of its edges to follow.
        let mut path: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            let Some(&(e, to)) = out[node].get(*next) else {
                visit[node] = Visit::Done;
                path.pop();
                continue;
            };
            *next += 1;
            match visit[to] {
                Visit::OnPath => closing[e] = true,
                Visit::New => {
                    visit[to] = Visit::OnPath;
                    path.push((to, 0));
                }
                Visit::Done => {}
            }
        }
    }
    closing
}

/// Each origin's and intermediary's layer: the longest path to it from an origin over the edges
/// that close no cycle (in topological order, so linear in the graph). Other nodes get 0.
fn link_layers(is_link: &[bool], edges: &[(usize, usize)], closing: &[bool]) -> Vec<usize> {
    let forward = || {
        edges
            .iter()
            .zip(closing)
            .filter(|&(&(a, b), &closes)| !closes && is_link[a] && is_link[b])
            .map(|(&edge, _)| edge)
    };
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); is_link.len()];
    let mut incoming = vec![0usize; is_link.len()];
    for (a, b) in forward() {
        out[a].push(b);
        incoming[b] += 1;
    }
    let mut layer = vec![0usize; is_link.len()];
    let mut ready: Vec<usize> = (0..is_link.len()).filter(|&n| incoming[n] == 0).collect();
    while let Some(a) = ready.pop() {
        for &b in &out[a] {
            layer[b] = layer[b].max(layer[a] + 1);
            incoming[b] -= 1;
            if incoming[b] == 0 {
                ready.push(b);
            }
        }
    }
    layer
}

/// Each node's layer and its place in it, indexed by node.
fn places(layers: &[Vec<usize>]) -> (Vec<usize>, Vec<usize>) {
    let nodes = layers.iter().flatten().map(|&n| n + 1).max().unwrap_or(0);
    let (mut layer_of, mut position) = (vec![0; nodes], vec![0; nodes]);
    for (l, layer) in layers.iter().enumerate() {
        for (p, &n) in layer.iter().enumerate() {
            layer_of[n] = l;
            position[n] = p;
        }
    }
    (layer_of, position)
}

/// Edge crossings between adjacent layers for an ordering (edges spanning layers are counted
/// between their end layers): per pair of layers, the edges sorted by their upper end, the
/// inversions of their lower ends. O(E log E), so a topic of thousands of claims lays out fast.
fn crossings(layers: &[Vec<usize>], edges: &[(usize, usize)]) -> usize {
    let (layer_of, position) = places(layers);
    let mut groups: HashMap<(usize, usize), Vec<(usize, usize)>> = HashMap::new();
    for &(a, b) in edges {
        groups
            .entry((layer_of[a], layer_of[b]))
            .or_default()
            .push((position[a], position[b]));
    }
    groups
        .into_values()
        .map(|mut group| {
            // Equal upper ends share a node: ordered by lower end, they count no crossing.
            group.sort_unstable();
            let mut lower: Vec<usize> = group.into_iter().map(|(_, b)| b).collect();
            inversions(&mut lower)
        })
        .sum()
}

/// Pairs `i < j` with `values[i] > values[j]` (merge sort; `values` ends up sorted).
fn inversions(values: &mut [usize]) -> usize {
    if values.len() < 2 {
        return 0;
    }
    let middle = values.len() / 2;
    let mut count = inversions(&mut values[..middle]) + inversions(&mut values[middle..]);
    let mut merged = Vec::with_capacity(values.len());
    let (mut i, mut j) = (0, middle);
    while i < middle && j < values.len() {
        if values[j] < values[i] {
            // Every value left in the first half is greater than values[j].
            count += middle - i;
            merged.push(values[j]);
            j += 1;
        } else {
            merged.push(values[i]);
            i += 1;
        }
    }
    merged.extend_from_slice(&values[i..middle]);
    merged.extend_from_slice(&values[j..]);
    values.copy_from_slice(&merged);
    count
}

impl Graph {
    /// The graph of `claims` (in dossier order).
    pub fn new(dossier: &Dossier, claims: &[ClaimId], labels: Labels<'_>) -> Self {
        let mut nodes: Vec<(NodeKey, String)> = Vec::new();
        let mut index: HashMap<NodeKey, usize> = HashMap::new();
        let mut node = |key: NodeKey, label: String, nodes: &mut Vec<(NodeKey, String)>| -> usize {
            *index.entry(key.clone()).or_insert_with(|| {
                nodes.push((key, label));
                nodes.len() - 1
            })
        };
        let mut edges: Vec<(usize, usize)> = Vec::new();
        let link_label = |link: ChainLink| match link {
            ChainLink::Named(o) => dossier.origins[o].name.clone(),
            // Which article: each one that names no origin is an origin of its own.
            ChainLink::Article(s) => format!("{} ({})", labels.article_itself, dossier.sources[s].title),
        };
        for &c in claims {
            let claim = &dossier.claims[c];
            let source = &dossier.sources[claim.source];
            let mut previous: Option<usize> = None;
            for link in chain_links(claim) {
                let n = node(NodeKey::Link(link.into()), link_label(link), &mut nodes);
                if let Some(p) = previous {
                    edges.push((p, n));
                }
                previous = Some(n);
            }
            let article_label = match &source.outlet {
                Some(outlet) => format!("{outlet}: {}", source.title),
                None => source.title.clone(),
            };
            let article = node(NodeKey::Article(claim.source.index()), article_label, &mut nodes);
            edges.extend(previous.map(|p| (p, article)));
            let group = &dossier.claims[claim.origin_group];
            let g = node(
                NodeKey::Group(claim.origin_group.index()),
                group.summary.clone(),
                &mut nodes,
            );
            edges.push((article, g));
        }
        edges.sort_unstable();
        edges.dedup();
        // "A via A" says nothing a box can show; the list below keeps it.
        edges.retain(|&(a, b)| a != b);
        let is_link: Vec<bool> = nodes.iter().map(|(k, _)| matches!(k, NodeKey::Link(_))).collect();
        let closing = closing_edges(&is_link, &edges);
        let mut layer = link_layers(&is_link, &edges, &closing);
        let link_layers = nodes
            .iter()
            .zip(&layer)
            .filter(|((k, _), _)| matches!(k, NodeKey::Link(_)))
            .map(|(_, &l)| l + 1)
            .max()
            .unwrap_or(0);
        for (n, (key, _)) in nodes.iter().enumerate() {
            match key {
                NodeKey::Article(_) => layer[n] = link_layers,
                NodeKey::Group(_) => layer[n] = link_layers + 1,
                NodeKey::Link(_) | NodeKey::Bend(_) => {}
            }
        }
        // An edge that spans layers becomes a chain through one bend per layer it passes; an
        // edge that closes a cycle runs right to left, so its chain is laid from its target.
        let mut split: Vec<(usize, usize)> = Vec::new();
        let mut back: Vec<bool> = Vec::new();
        for (&(a, b), &closes) in edges.iter().zip(&closing) {
            let (left, right) = if closes { (b, a) } else { (a, b) };
            let mut from = left;
            for l in layer[left] + 1..layer[right] {
                let bend = nodes.len();
                nodes.push((NodeKey::Bend(bend), String::new()));
                layer.push(l);
                split.push((from, bend));
                back.push(closes);
                from = bend;
            }
            split.push((from, right));
            back.push(closes);
        }
        let edges = split;
        let mut layers: Vec<Vec<usize>> = vec![Vec::new(); link_layers + 2];
        for (n, &l) in layer.iter().enumerate() {
            layers[l].push(n);
        }
        layers.retain(|l| !l.is_empty());
        let list_html = list_html(dossier, claims, labels);
        let initial_crossings = crossings(&layers, &edges);
        let mut graph = Graph {
            layers,
            nodes,
            edges,
            back,
            back_legend: labels.back_edge.to_owned(),
            list_html,
            initial_crossings,
        };
        graph.reduce_crossings();
        graph
    }

    /// The nested lists, linking claims from a page whose root is `root` (`../../`).
    pub fn list_html(&self, root: &str) -> String {
        self.list_html.replace("{root}", &escape::html(root))
    }

    /// Rows of the tallest layer: boxes and the edges passing through it.
    pub fn rows(&self) -> usize {
        self.layers.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// Edge crossings of the current order.
    pub fn crossings(&self) -> usize {
        crossings(&self.layers, &self.edges)
    }

    fn reduce_crossings(&mut self) {
        let nodes = self.layers.iter().flatten().map(|&n| n + 1).max().unwrap_or(0);
        // Each node's neighbours in the layer before it and in the layer after it.
        let mut before: Vec<Vec<usize>> = vec![Vec::new(); nodes];
        let mut after: Vec<Vec<usize>> = vec![Vec::new(); nodes];
        for &(a, b) in &self.edges {
            before[b].push(a);
            after[a].push(b);
        }
        let mut best = self.layers.clone();
        let mut best_count = crossings(&best, &self.edges);
        for _ in 0..4 {
            for downward in [true, false] {
                let order: Vec<usize> = if downward {
                    (1..self.layers.len()).collect()
                } else {
                    (0..self.layers.len().saturating_sub(1)).rev().collect()
                };
                for l in order {
                    let reference = if downward { l - 1 } else { l + 1 };
                    let position: HashMap<usize, usize> = self.layers[reference]
                        .iter()
                        .enumerate()
                        .map(|(p, &n)| (n, p))
                        .collect();
                    let mut keyed: Vec<(f64, usize, usize)> = self.layers[l]
                        .iter()
                        .enumerate()
                        .map(|(p, &n)| {
                            let linked = if downward { &before[n] } else { &after[n] };
                            let neighbours: Vec<usize> =
                                linked.iter().filter_map(|m| position.get(m).copied()).collect();
                            let centre = if neighbours.is_empty() {
                                p as f64
                            } else {
                                neighbours.iter().sum::<usize>() as f64 / neighbours.len() as f64
                            };
                            (centre, p, n)
                        })
                        .collect();
                    keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                    self.layers[l] = keyed.into_iter().map(|(_, _, n)| n).collect();
                }
                let count = crossings(&self.layers, &self.edges);
                if count < best_count {
                    best_count = count;
                    best = self.layers.clone();
                }
            }
        }
        self.layers = best;
        self.transpose();
    }

    /// After the sweeps: swap neighbours within a layer while that removes crossings. A swap
    /// changes only the crossings between the two nodes' own edges, so each is weighed by
    /// those alone (bounded passes; a node with very many edges is left where it is).
    fn transpose(&mut self) {
        const MOST_PAIRS: usize = 10_000;
        let (layer_of, mut position) = places(&self.layers);
        let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); layer_of.len()];
        for &(a, b) in &self.edges {
            neighbours[a].push(b);
            neighbours[b].push(a);
        }
        // Crossings between the edges of `left` and `right` (one layer) with `left` first.
        let between = |left: usize, right: usize, position: &[usize]| -> usize {
            let mut count = 0;
            for &x in &neighbours[left] {
                for &y in &neighbours[right] {
                    if layer_of[x] == layer_of[y] && position[x] > position[y] {
                        count += 1;
                    }
                }
            }
            count
        };
        for _ in 0..8 {
            let mut improved = false;
            for l in 0..self.layers.len() {
                for p in 0..self.layers[l].len().saturating_sub(1) {
                    let (u, v) = (self.layers[l][p], self.layers[l][p + 1]);
                    if neighbours[u].len() * neighbours[v].len() > MOST_PAIRS {
                        continue;
                    }
                    if between(v, u, &position) < between(u, v, &position) {
                        self.layers[l].swap(p, p + 1);
                        position[u] = p + 1;
                        position[v] = p;
                        improved = true;
                    }
                }
            }
            if !improved {
                break;
            }
        }
    }

    /// The graph as an `<svg>` element (`id` unique on the page).
    pub fn svg(&self, id: &str, title: &str) -> String {
        const COLUMN: f64 = 180.0;
        const GAP: f64 = 50.0;
        const ROW: f64 = 42.0;
        const BOX: f64 = 34.0;
        const CHARS: usize = 25;
        const LEGEND: f64 = 28.0;
        let rows = self.layers.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let width = self.layers.len() as f64 * (COLUMN + GAP) - GAP + 8.0;
        let height = rows as f64 * ROW + 8.0;
        let mut at: HashMap<usize, (f64, f64)> = HashMap::new();
        for (l, layer) in self.layers.iter().enumerate() {
            // Centre short layers vertically.
            let offset = (rows - layer.len()) as f64 * ROW / 2.0;
            for (p, &n) in layer.iter().enumerate() {
                at.insert(n, (4.0 + l as f64 * (COLUMN + GAP), 4.0 + offset + p as f64 * ROW));
            }
        }
        let id = escape::html(id);
        let has_back = self.back.contains(&true);
        let legend = if has_back { LEGEND } else { 0.0 };
        let mut out = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"provenance-graph\" viewBox=\"0 0 {width:.0} {:.0}\" width=\"{width:.0}\" role=\"img\" aria-labelledby=\"{id}-title\" data-crossings=\"{}\"><title id=\"{id}-title\">{}</title>",
            height + legend,
            self.crossings(),
            escape::html(title)
        );
        // One arrowhead, turned by each edge: at the right end of an edge, at the left end of
        // one that runs back (whose path is written right to left).
        out.push_str(&format!(
            "<defs><marker id=\"{id}-arrow\" class=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0 0 L10 5 L0 10 z\"/></marker></defs>"
        ));
        let is_bend = |n: usize| matches!(self.nodes[n].0, NodeKey::Bend(_));
        for (&(a, b), &back) in self.edges.iter().zip(&self.back) {
            let (ax, ay) = at[&a];
            let (bx, by) = at[&b];
            let (ay, by) = (ay + BOX / 2.0, by + BOX / 2.0);
            let (x0, x1, x2, x3) = (ax + COLUMN, ax + COLUMN + GAP / 2.0, bx - GAP / 2.0, bx);
            // A bend is passed straight through its column; a back edge is written from its
            // right end, so the arrow at the path's end points into the node on its left.
            let through = is_bend(b).then_some(bx + COLUMN);
            let d = if back {
                let start = through.map_or(format!("M{x3:.1} {by:.1}"), |t| format!("M{t:.1} {by:.1} H{x3:.1}"));
                format!("{start} C{x2:.1} {by:.1} {x1:.1} {ay:.1} {x0:.1} {ay:.1}")
            } else {
                let end = through.map_or(String::new(), |t| format!(" H{t:.1}"));
                format!("M{x0:.1} {ay:.1} C{x1:.1} {ay:.1} {x2:.1} {by:.1} {x3:.1} {by:.1}{end}")
            };
            let class = if back { "edge back" } else { "edge" };
            let arrow_end = if back { !is_bend(a) } else { !is_bend(b) };
            let arrow = if arrow_end {
                format!(" marker-end=\"url(#{id}-arrow)\"")
            } else {
                String::new()
            };
            out.push_str(&format!("<path class=\"{class}\"{arrow} d=\"{d}\"/>"));
        }
        if has_back {
            let y = height + legend / 2.0;
            out.push_str(&format!(
                "<g class=\"legend\"><path class=\"edge back\" marker-end=\"url(#{id}-arrow)\" d=\"M44 {y:.1} H4\"/><text x=\"52\" y=\"{:.1}\">{}</text></g>",
                y + 4.0,
                escape::html(&self.back_legend),
            ));
        }
        for (n, (key, label)) in self.nodes.iter().enumerate() {
            let (x, y) = at[&n];
            let class = match key {
                NodeKey::Link(_) => "origin",
                NodeKey::Article(_) => "article",
                NodeKey::Group(_) => "claim",
                NodeKey::Bend(_) => continue,
            };
            // Two lines at most; the whole label is the node's tooltip and in the list below.
            let mut lines = crate::render::chart::wrap(label, CHARS);
            if lines.len() > 2 {
                lines.truncate(2);
                let last: String = lines[1].chars().take(CHARS - 1).collect();
                lines[1] = format!("{last}…");
            }
            let first_y = if lines.len() == 1 { y + BOX * 0.62 } else { y + 14.5 };
            let text: String = lines
                .iter()
                .enumerate()
                .map(|(i, line)| {
                    format!(
                        "<text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                        x + 6.0,
                        first_y + i as f64 * 14.0,
                        escape::html(line)
                    )
                })
                .collect();
            out.push_str(&format!(
                "<g class=\"node {class}\"><title>{}</title><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{COLUMN:.0}\" height=\"{BOX:.0}\" rx=\"4\"/>{text}</g>",
                escape::html(label),
            ));
        }
        out.push_str("</svg>");
        out
    }
}

/// The graph as nested lists: origin, then each intermediary, then the articles with the claims
/// they carry.
fn list_html(dossier: &Dossier, claims: &[ClaimId], labels: Labels<'_>) -> String {
    #[derive(Default)]
    struct Tree {
        children: Vec<(String, Tree)>,
        claims: Vec<ClaimId>,
    }
    impl Tree {
        fn child(&mut self, label: &str) -> &mut Tree {
            let at = match self.children.iter().position(|(l, _)| l == label) {
                Some(at) => at,
                None => {
                    self.children.push((label.to_owned(), Tree::default()));
                    self.children.len() - 1
                }
            };
            &mut self.children[at].1
        }
        fn write(&self, dossier: &Dossier, root: &str, out: &mut String) {
            out.push_str("<ul>");
            for (label, child) in &self.children {
                out.push_str("<li>");
                out.push_str(&escape::html(label));
                if !child.claims.is_empty() {
                    out.push_str("<ul>");
                    for &c in &child.claims {
                        let claim = &dossier.claims[c];
                        out.push_str(&format!(
                            "<li><a href=\"{root}claims/{}/\">{}</a></li>",
                            escape::html(&claim.id),
                            escape::html(&claim.summary)
                        ));
                    }
                    out.push_str("</ul>");
                }
                if !child.children.is_empty() {
                    child.write(dossier, root, out);
                }
                out.push_str("</li>");
            }
            out.push_str("</ul>");
        }
    }
    let mut tree = Tree::default();
    for &c in claims {
        let claim = &dossier.claims[c];
        let source = &dossier.sources[claim.source];
        let mut node = &mut tree;
        for (i, link) in chain_links(claim).into_iter().enumerate() {
            let name = match link {
                ChainLink::Named(o) => dossier.origins[o].name.clone(),
                ChainLink::Article(_) => labels.article_itself.to_owned(),
            };
            let label = if i == 0 { name } else { format!("{} {name}", labels.via) };
            node = node.child(&label);
        }
        let article = format!(
            "{} ({}, {})",
            source.title,
            source.outlet.as_deref().unwrap_or("–"),
            source.published.iso()
        );
        node.child(&article).claims.push(c);
    }
    let mut out = String::new();
    tree.write(dossier, "{root}", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_rng::Rng;

    /// Every pair of edges between the same two layers, compared one by one.
    fn crossings_by_pairs(layers: &[Vec<usize>], edges: &[(usize, usize)]) -> usize {
        let (layer_of, position) = places(layers);
        let mut count = 0;
        for (i, &(a, b)) in edges.iter().enumerate() {
            for &(c, d) in &edges[i + 1..] {
                let same = layer_of[a] == layer_of[c] && layer_of[b] == layer_of[d];
                let (pa, pb, pc, pd) = (position[a], position[b], position[c], position[d]);
                if same && ((pa < pc && pb > pd) || (pa > pc && pb < pd)) {
                    count += 1;
                }
            }
        }
        count
    }

    /// Random layered graphs: four layers, edges between neighbouring layers.
    fn random_graph(rng: &mut Rng) -> (Vec<Vec<usize>>, Vec<(usize, usize)>) {
        let mut layers: Vec<Vec<usize>> = Vec::new();
        let mut next = 0;
        for _ in 0..4 {
            let size = 1 + rng.below(12);
            layers.push((next..next + size).collect());
            next += size;
        }
        let mut edges = Vec::new();
        for l in 0..3 {
            for _ in 0..rng.below(30) {
                let a = layers[l][rng.below(layers[l].len())];
                let b = layers[l + 1][rng.below(layers[l + 1].len())];
                if !edges.contains(&(a, b)) {
                    edges.push((a, b));
                }
            }
        }
        (layers, edges)
    }

    #[test]
    fn counting_by_inversions_equals_comparing_every_pair() {
        let mut rng = Rng::new(7);
        for _ in 0..500 {
            let (layers, edges) = random_graph(&mut rng);
            assert_eq!(crossings(&layers, &edges), crossings_by_pairs(&layers, &edges));
        }
    }

    #[test]
    fn swapping_neighbours_never_adds_a_crossing_and_keeps_every_node() {
        let mut rng = Rng::new(11);
        let mut removed = 0;
        for _ in 0..500 {
            let (layers, edges) = random_graph(&mut rng);
            let before = crossings_by_pairs(&layers, &edges);
            let mut graph = Graph {
                layers: layers.clone(),
                nodes: Vec::new(),
                back: vec![false; edges.len()],
                back_legend: String::new(),
                edges: edges.clone(),
                list_html: String::new(),
                initial_crossings: before,
            };
            graph.transpose();
            let after = crossings_by_pairs(&graph.layers, &edges);
            assert!(after <= before, "{before} → {after}");
            removed += before - after;
            for (old, new) in layers.iter().zip(&graph.layers) {
                let (mut old, mut new) = (old.clone(), new.clone());
                old.sort_unstable();
                new.sort_unstable();
                assert_eq!(old, new);
            }
        }
        assert!(removed > 0, "the swaps remove crossings");
    }

    /// Random graphs among origins, with cycles ("A via B", "B via A").
    fn random_links(rng: &mut Rng) -> (Vec<bool>, Vec<(usize, usize)>) {
        let nodes = 2 + rng.below(20);
        let mut edges: Vec<(usize, usize)> = (0..rng.below(3 * nodes))
            .map(|_| (rng.below(nodes), rng.below(nodes)))
            .filter(|(a, b)| a != b)
            .collect();
        edges.sort_unstable();
        edges.dedup();
        (vec![true; nodes], edges)
    }

    #[test]
    fn every_edge_runs_left_to_right_unless_it_closes_a_cycle_and_then_right_to_left() {
        let mut rng = Rng::new(5);
        let mut closed = 0;
        for _ in 0..500 {
            let (is_link, edges) = random_links(&mut rng);
            let closing = closing_edges(&is_link, &edges);
            let layer = link_layers(&is_link, &edges, &closing);
            for (&(a, b), &closes) in edges.iter().zip(&closing) {
                if closes {
                    assert!(layer[b] < layer[a], "{a}->{b} closes a cycle: drawn back");
                    closed += 1;
                } else {
                    assert!(layer[a] < layer[b], "{a}->{b}: drawn forward");
                }
            }
            assert!(layer.iter().all(|&l| l < is_link.len()));
        }
        assert!(closed > 0, "the random graphs have cycles");
    }

    #[test]
    fn a_cycle_of_two_takes_two_columns() {
        // 0 → 1 (first seen), 1 → 0 closes the cycle; 2 → 0.
        let edges = [(0, 1), (1, 0), (2, 0)];
        let closing = closing_edges(&[true; 3], &edges);
        assert_eq!(closing, [false, true, false]);
        assert_eq!(link_layers(&[true; 3], &edges, &closing), [1, 2, 0]);
    }
}
