//! The content element → lines: block elements end a line, a table row is one line of
//! tab-separated cells (a row with one filled cell is layout and keeps its lines), page
//! chrome inside the content (share, print, QR code) is skipped. Iterative over the tree, so
//! depth costs no stack.

use ego_tree::iter::Edge;
use scraper::{ElementRef, Node};

use super::{SKIP, is_chrome};

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "br"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "table"
            | "tr"
            | "section"
            | "article"
            | "blockquote"
            | "pre"
            | "center"
            | "form"
            | "hr"
            | "header"
            | "footer"
            | "address"
            | "figure"
            | "figcaption"
            | "caption"
            | "tbody"
            | "thead"
            | "tfoot"
    )
}

/// Text lines of one cell or of the page.
#[derive(Default)]
struct Lines {
    done: Vec<String>,
    cur: String,
}

impl Lines {
    fn text(&mut self, t: &str) {
        for (i, w) in t
            .split(|c: char| c.is_ascii_whitespace() || c == '\u{a0}')
            .enumerate()
        {
            if i > 0 && !self.cur.is_empty() && !self.cur.ends_with(' ') {
                self.cur.push(' ');
            }
            self.cur.push_str(w);
        }
    }
    fn end(&mut self) {
        let l = self.cur.trim();
        if !l.is_empty() {
            self.done.push(l.to_string());
        }
        self.cur.clear();
    }
    fn take(&mut self) -> Vec<String> {
        self.end();
        std::mem::take(&mut self.done)
    }
}

/// Walks the content (iteratively: nesting depth costs no stack) into lines.
pub fn lines_of(root: ElementRef) -> Vec<String> {
    let mut page = Lines::default();
    // Cells of the current row of the outermost table, and the current cell.
    let (mut row, mut cell): (Vec<Vec<String>>, Option<Lines>) = (Vec::new(), None);
    let mut tables = 0usize;
    let mut skip = 0usize;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(_) if skip > 0 => skip += 1,
                Node::Element(e) => {
                    let name = e.name();
                    if SKIP.contains(&name) || is_chrome(e) {
                        skip = 1;
                        continue;
                    }
                    match name {
                        "table" => tables += 1,
                        "td" | "th" if tables == 1 => cell = Some(Lines::default()),
                        _ if is_block(name) => cell.as_mut().unwrap_or(&mut page).end(),
                        _ => {}
                    }
                }
                Node::Text(t) if skip == 0 => cell.as_mut().unwrap_or(&mut page).text(t),
                _ => {}
            },
            Edge::Close(node) => {
                let Node::Element(e) = node.value() else {
                    continue;
                };
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match e.name() {
                    "table" => tables = tables.saturating_sub(1),
                    "td" | "th" if tables == 1 => {
                        if let Some(mut c) = cell.take() {
                            row.push(c.take());
                        }
                    }
                    "tr" if tables == 1 => {
                        let cells = std::mem::take(&mut row);
                        let filled: Vec<&Vec<String>> =
                            cells.iter().filter(|c| !c.is_empty()).collect();
                        page.end();
                        if filled.len() == 1 {
                            // A one-cell row is layout, not a table: keep its lines.
                            page.done.extend(filled[0].iter().cloned());
                        } else if !filled.is_empty() {
                            page.done.push(
                                cells
                                    .iter()
                                    .map(|c| c.join(" "))
                                    .collect::<Vec<_>>()
                                    .join("\t"),
                            );
                        }
                    }
                    name if is_block(name) => cell.as_mut().unwrap_or(&mut page).end(),
                    _ => {}
                }
            }
        }
    }
    page.take()
}
