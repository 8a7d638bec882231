//! Confidence tables as text (comfy-table), Markdown, CSV or JSON.

use comfy_table::{Attribute, Color, ColumnConstraint, ContentArrangement, Width, presets};

use super::{cols, plural, wrap};
use crate::check::finding::Severity;
use crate::claim::Level;
use crate::confidence::{Cell, Confidence, Grid, Kind};

/// How a confidence table is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub(crate) enum TableFormat {
    /// An aligned table for the terminal.
    #[default]
    Text,
    /// A Markdown table for a pull request or a CMS.
    Markdown,
    Csv,
    Json,
}

pub(crate) fn render(grid: &Grid, format: TableFormat, color: bool, totals: bool) -> String {
    match format {
        TableFormat::Text => text(grid, color),
        TableFormat::Markdown => markdown(grid),
        TableFormat::Csv => csv(grid, totals),
        TableFormat::Json => json(grid),
    }
}

/// A cell's words.
fn words(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(s) | Cell::Id(s) => s.clone(),
        Cell::Ids(ids) => ids.join(", "),
        Cell::Count(n) => n.to_string(),
        Cell::Level(l) => l.as_str().to_string(),
        Cell::Levels(ls) => ls.iter().map(|l| l.as_str()).collect::<Vec<_>>().join(", "),
        Cell::Status { quote, evidence } => {
            let mut s = quote.as_str().to_string();
            for (i, st) in evidence {
                s.push_str(&format!(", evidence[{i}] {}", st.as_str()));
            }
            s
        }
        Cell::Confidence(c) => c.as_str().to_string(),
        Cell::Counted(n, noun) => plural(*n, noun),
        Cell::Total(n, noun) => format!("total: {}", plural(*n, noun)),
        Cell::Broken(n) => format!("{n} broken"),
        Cell::Tally(t) => t
            .iter()
            .map(|(c, n)| format!("{n} {}", c.as_str()))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// A cell's colour on a terminal. Attribution levels and confidence use
/// blue, cyan and magenta; only a quote's state uses green, yellow and red,
/// so a low level never looks like a broken quote.
fn tone(cell: &Cell) -> Option<(Color, bool)> {
    match cell {
        Cell::Level(l) => Some((
            match l {
                Level::Confirmed => Color::Blue,
                Level::SourceSays => Color::Cyan,
                Level::CouldNotConfirm => Color::Magenta,
            },
            false,
        )),
        Cell::Confidence(c) => Some((
            match c {
                Confidence::Confirmed => Color::Blue,
                Confidence::Corroborated | Confidence::SingleSource => Color::Cyan,
                Confidence::Unconfirmed | Confidence::Unverified => Color::Magenta,
            },
            false,
        )),
        // The quote's own verdict decides; intact with broken evidence warns.
        Cell::Status { quote, evidence } => Some(match quote.severity() {
            Severity::Ok if evidence.is_empty() => (Color::Green, false),
            Severity::Ok | Severity::Warning => (Color::Yellow, false),
            Severity::Info => (Color::Grey, false),
            Severity::Error => (Color::Red, true),
        }),
        Cell::Broken(n) if *n > 0 => Some((Color::Red, true)),
        _ => None,
    }
}

/// A cell's text for a terminal: controls escaped, one line.
fn shown(cell: &Cell) -> String {
    super::safe(&words(cell)).replace(['\n', '\t', '\r'], " ")
}

/// A prose column is never squeezed below this many columns.
const PROSE_MIN: usize = 20;

/// The content width of each column shown, when the table fits in
/// `width` without breaking an id or a header: first with every column,
/// then leaving out optional columns one by one (the highest `drop` first).
/// `None` when even the columns that stay cannot fit.
fn layout(grid: &Grid, cells: &[Vec<String>], width: usize) -> Option<Vec<Option<usize>>> {
    let mut hidden: Vec<bool> = vec![false; grid.columns.len()];
    let mut optional: Vec<usize> = (0..grid.columns.len())
        .filter(|&i| grid.columns[i].drop > 0)
        .collect();
    optional.sort_by_key(|&i| std::cmp::Reverse(grid.columns[i].drop));
    let mut next = optional.into_iter();
    loop {
        if let Some(widths) = fit(grid, cells, width, &hidden) {
            return Some(widths);
        }
        hidden[next.next()?] = true;
    }
}

/// The widths of the columns not `hidden` if they fit in `width`. Ids,
/// words and numbers get their full width; lists wrap between items; prose
/// wraps at spaces and shares the spare width, the last prose column (the
/// statement) first.
fn fit(
    grid: &Grid,
    cells: &[Vec<String>],
    width: usize,
    hidden: &[bool],
) -> Option<Vec<Option<usize>>> {
    let longest_item = |s: &str| {
        let items: Vec<&str> = s.split(", ").collect();
        let last = items.len() - 1;
        // The comma stays with its item.
        items
            .iter()
            .enumerate()
            .map(|(k, i)| cols(i) + usize::from(k < last))
            .max()
            .unwrap_or(0)
    };
    let shown: Vec<usize> = (0..grid.columns.len()).filter(|&i| !hidden[i]).collect();
    let mut natural = vec![0; grid.columns.len()];
    let mut least = vec![0; grid.columns.len()];
    for &i in &shown {
        let c = &grid.columns[i];
        let header = cols(c.name);
        let (mut nat, mut min) = (header, header);
        for (r, row) in cells.iter().enumerate() {
            let s = &row[i];
            nat = nat.max(cols(s));
            let total = r == cells.len() - 1;
            min = min.max(match c.kind {
                // The totals row ("total: 3 claims", "1 confirmed, 2 ...")
                // may wrap at any space.
                _ if total => s.split(' ').map(cols).max().unwrap_or(0),
                Kind::Id | Kind::Word | Kind::Number => cols(s),
                Kind::List => longest_item(s),
                Kind::Prose => cols(s).min(PROSE_MIN),
            });
        }
        natural[i] = nat;
        least[i] = min;
    }
    // "│ a ┆ b │": three columns of frame per column, and one.
    let needed = shown.iter().map(|&i| least[i]).sum::<usize>() + 3 * shown.len() + 1;
    if needed > width {
        return None;
    }
    let mut spare = width - needed;
    let mut grow = |i: usize, to: usize, spare: &mut usize| {
        let more = to.saturating_sub(least[i]).min(*spare);
        least[i] += more;
        *spare -= more;
    };
    // First the totals row's items whole ("total: 3 claims", "2 corroborated,"),
    // then prose (the statement first), then anything else that wants more.
    let totals = cells.last().expect("a totals row");
    for &i in &shown {
        grow(i, longest_item(&totals[i]).min(natural[i]), &mut spare);
    }
    let mut order: Vec<usize> = shown.clone();
    order.sort_by_key(|&i| (grid.columns[i].kind != Kind::Prose, std::cmp::Reverse(i)));
    for i in order {
        grow(i, natural[i], &mut spare);
    }
    Some(
        (0..grid.columns.len())
            .map(|i| (!hidden[i]).then_some(least[i]))
            .collect(),
    )
}

fn text(grid: &Grid, color: bool) -> String {
    let width = super::width();
    let mut cells: Vec<Vec<String>> = grid
        .rows
        .iter()
        .map(|r| r.iter().map(shown).collect())
        .collect();
    cells.push(grid.totals.iter().map(shown).collect());
    let out = match layout(grid, &cells, width) {
        Some(widths) => {
            let mut out = boxed(grid, &cells, &widths, color);
            let left_out: Vec<&str> = grid
                .columns
                .iter()
                .zip(&widths)
                .filter(|(_, w)| w.is_none())
                .map(|(c, _)| c.name)
                .collect();
            if !left_out.is_empty() {
                let note = format!(
                    "not shown at {width} columns: {} (widen the terminal, or use --format csv or json)",
                    left_out.join(", ")
                );
                for line in wrap(&note, width, width) {
                    out.push('\n');
                    out.push_str(&line);
                }
            }
            out
        }
        None => stacked(grid, &cells, width, color),
    };
    let mut out = super::safe_page(&out, color);
    out.push('\n');
    out
}

/// The table drawn with comfy-table at the widths `layout` chose.
fn boxed(grid: &Grid, cells: &[Vec<String>], widths: &[Option<usize>], color: bool) -> String {
    let mut t = comfy_table::Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .force_no_tty();
    if color {
        t.enforce_styling();
    }
    t.set_header(
        grid.columns
            .iter()
            .map(|c| comfy_table::Cell::new(c.name).add_attribute(Attribute::Bold)),
    );
    let last = cells.len() - 1;
    for (r, row) in cells.iter().enumerate() {
        let typed = grid.rows.get(r).unwrap_or(&grid.totals);
        t.add_row(row.iter().zip(typed).map(|(s, v)| {
            let mut cell = comfy_table::Cell::new(s);
            if r == last {
                cell = cell.add_attribute(Attribute::Bold);
            }
            match tone(v) {
                Some((c, bold)) if color => {
                    let cell = cell.fg(c);
                    if bold {
                        cell.add_attribute(Attribute::Bold)
                    } else {
                        cell
                    }
                }
                _ => cell,
            }
        }));
    }
    for (i, c) in grid.columns.iter().enumerate() {
        if let Some(col) = t.column_mut(i) {
            // The fixed width counts the one space of padding on each side.
            col.set_constraint(match widths[i] {
                Some(w) => ColumnConstraint::Absolute(Width::Fixed(
                    u16::try_from(w + 2).unwrap_or(u16::MAX),
                )),
                None => ColumnConstraint::Hidden,
            });
            if c.kind == Kind::Number {
                col.set_cell_alignment(comfy_table::CellAlignment::Right);
            }
        }
    }
    t.to_string()
}

/// The narrow layout (as `psql`'s expanded mode or `kubectl describe`): one
/// block per row, headed by its first cell, then `name: value` fields:
/// short ones packed on a line, lists and prose on lines of their own,
/// wrapped at spaces under a hanging indent. Empty cells are left out.
fn stacked(grid: &Grid, cells: &[Vec<String>], width: usize, color: bool) -> String {
    let paint = |s: &str, v: &Cell| match tone(v) {
        Some((c, bold)) if color => {
            let code = match c {
                Color::Blue => 34,
                Color::Cyan => 36,
                Color::Magenta => 35,
                Color::Green => 32,
                Color::Yellow => 33,
                _ => 31,
            };
            format!("\x1b[{}{code}m{s}\x1b[0m", if bold { "1;" } else { "" })
        }
        _ => s.to_string(),
    };
    let bold = |s: &str| {
        if color {
            format!("\x1b[1m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let mut out = String::new();
    for (r, row) in cells.iter().enumerate() {
        let typed = grid.rows.get(r).unwrap_or(&grid.totals);
        if r > 0 {
            out.push('\n');
        }
        // The heading: an id whole, prose wrapped.
        let heading = match grid.columns[0].kind {
            Kind::Prose => wrap(&row[0], width, width),
            _ => vec![row[0].clone()],
        };
        for line in heading {
            out.push_str(&bold(&line));
            out.push('\n');
        }
        let mut short: Vec<(String, usize)> = Vec::new();
        let mut long: Vec<(String, String, &Cell)> = Vec::new();
        for (i, c) in grid.columns.iter().enumerate().skip(1) {
            let s = &row[i];
            if s.is_empty() {
                continue;
            }
            match c.kind {
                Kind::Id | Kind::Word | Kind::Number
                    if r < cells.len() - 1 || !s.contains(", ") =>
                {
                    let field = format!("{}: {}", c.name, paint(s, &typed[i]));
                    short.push((field, cols(c.name) + 2 + cols(s)));
                }
                _ => long.push((c.name.to_string(), s.clone(), &typed[i])),
            }
        }
        // Short fields: packed, two spaces apart, never split.
        let mut line = String::new();
        let mut used = 0;
        for (field, w) in short {
            if !line.is_empty() && used + 2 + w > width {
                out.push_str(&format!("{line}\n"));
                line.clear();
                used = 0;
            }
            if line.is_empty() {
                line.push_str("  ");
                used = 2;
            } else {
                line.push_str("  ");
                used += 2;
            }
            line.push_str(&field);
            used += w;
        }
        if !line.is_empty() {
            out.push_str(&format!("{line}\n"));
        }
        for (name, s, v) in long {
            let head = format!("  {name}: ");
            let first = width.saturating_sub(cols(&head)).max(PROSE_MIN);
            let rest = width.saturating_sub(4).max(PROSE_MIN);
            for (k, piece) in wrap(&s, first, rest).into_iter().enumerate() {
                out.push_str(if k == 0 { &head } else { "    " });
                out.push_str(&paint(&piece, v));
                out.push('\n');
            }
        }
    }
    out.pop();
    out
}

/// A Markdown cell: pipes escaped, HTML inert, controls escaped.
/// A Markdown table cell: HTML escaped, and every character Markdown reads
/// as syntax backslash-escaped, so a document's `![x](url)` is shown as
/// text, never rendered as an image or a link.
pub(super) fn md_cell(s: &str) -> String {
    let s = super::safe(s);
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => out.push(' '),
            // Enough for links and images: `[` and `]` (so `![x](url)` is
            // text), emphasis, code and strikethrough, and the cell's bar.
            '\\' | '`' | '*' | '_' | '[' | ']' | '~' | '|' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

fn markdown(grid: &Grid) -> String {
    let mut out = String::new();
    let headers: Vec<&str> = grid.columns.iter().map(|c| c.name).collect();
    out.push_str(&format!("| {} |\n", headers.join(" | ")));
    let seps: Vec<&str> = grid
        .columns
        .iter()
        .map(|c| {
            if c.kind == Kind::Number {
                "---:"
            } else {
                "---"
            }
        })
        .collect();
    out.push_str(&format!("| {} |\n", seps.join(" | ")));
    for row in &grid.rows {
        let cells: Vec<String> = row.iter().map(|c| md_cell(&words(c))).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    let totals: Vec<String> = grid
        .totals
        .iter()
        .map(|c| match words(c) {
            w if w.is_empty() => String::new(),
            w => format!("**{}**", md_cell(&w)),
        })
        .collect();
    out.push_str(&format!("| {} |\n", totals.join(" | ")));
    out
}

/// Whether a spreadsheet would read a cell as a formula: `=`, `+`, `-` or
/// `@` (or their full-width forms) first, after any whitespace and line
/// breaks it skips, or a tab or line break first.
fn formula_like(s: &str) -> bool {
    s.starts_with(['\t', '\r', '\n'])
        || s.trim_start().starts_with([
            '=', '+', '-', '@', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
        ])
}

/// A CSV field, quoted when it must be; one that a spreadsheet would read as
/// a formula (`formula_like`) starts with `'` instead.
fn csv_field(s: &str) -> String {
    let s = if formula_like(s) {
        format!("'{}", super::safe(s))
    } else {
        super::safe(s).into_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// CSV for a spreadsheet: one header row of the record's keys, then the
/// data rows; the totals row only when asked for, so sums do not count it.
fn csv(grid: &Grid, totals: bool) -> String {
    let line = |cells: &mut dyn Iterator<Item = String>| {
        cells.map(|c| csv_field(&c)).collect::<Vec<_>>().join(",") + "\r\n"
    };
    let mut out = line(&mut grid.columns.iter().map(|c| c.key.to_string()));
    for row in &grid.rows {
        out.push_str(&line(&mut row.iter().map(words)));
    }
    if totals {
        out.push_str(&line(&mut grid.totals.iter().map(|c| match c {
            Cell::Total(..) => "total".to_string(),
            Cell::Counted(n, _) | Cell::Broken(n) => n.to_string(),
            _ => words(c),
        })));
    }
    out
}

/// A cell as a JSON value: numbers as numbers, lists as arrays, nothing as
/// null.
fn value(cell: &Cell) -> serde_json::Value {
    use serde_json::Value;
    match cell {
        Cell::Empty => Value::Null,
        Cell::Count(n) | Cell::Counted(n, _) | Cell::Broken(n) | Cell::Total(n, _) => {
            Value::from(*n)
        }
        Cell::Ids(ids) => Value::from(ids.clone()),
        Cell::Levels(ls) => Value::from(ls.iter().map(|l| l.as_str()).collect::<Vec<_>>()),
        Cell::Status { quote, .. } => Value::from(quote.as_str()),
        Cell::Tally(t) => Value::Object(
            t.iter()
                .map(|(c, n)| (c.as_str().replace(' ', "-"), Value::from(*n)))
                .collect(),
        ),
        _ => Value::from(words(cell)),
    }
}

/// JSON: rows keyed by the record's kebab-case names, with typed values,
/// and the totals as numbers under their own names ("claims": 3).
fn json(grid: &Grid) -> String {
    use serde_json::{Map, Value};
    // Row by row, as `to_string_pretty` of the whole document nests them
    // (four spaces in): no tree of every row is built.
    let mut out = String::from("{\n  \"rows\": [");
    for (i, row) in grid.rows.iter().enumerate() {
        let row = {
            let mut m = Map::new();
            for (c, v) in grid.columns.iter().zip(row) {
                m.insert(c.key.to_string(), value(v));
                if let Cell::Status { evidence, .. } = v {
                    let broken: Vec<Value> = evidence
                        .iter()
                        .map(|(i, st)| serde_json::json!({"evidence": i, "status": st.as_str()}))
                        .collect();
                    m.insert("evidence-not-intact".into(), Value::from(broken));
                }
            }
            Value::Object(m)
        };
        out.push_str(if i == 0 { "\n    " } else { ",\n    " });
        out.push_str(
            &serde_json::to_string_pretty(&row)
                .unwrap_or_default()
                .replace('\n', "\n    "),
        );
    }
    out.push_str(if grid.rows.is_empty() {
        "],\n"
    } else {
        "\n  ],\n"
    });
    let mut totals = Map::new();
    for (c, v) in grid.columns.iter().zip(&grid.totals) {
        let key = match v {
            Cell::Empty => continue,
            Cell::Total(_, noun) | Cell::Counted(_, noun) => plural_noun(noun),
            Cell::Broken(_) => "broken".to_string(),
            Cell::Levels(_) => "levels".to_string(),
            _ => c.key.to_string(),
        };
        totals.insert(key, value(v));
    }
    out.push_str("  \"totals\": ");
    out.push_str(
        &serde_json::to_string_pretty(&Value::Object(totals))
            .unwrap_or_default()
            .replace('\n', "\n  "),
    );
    out.push_str("\n}\n");
    out
}

/// "claim" -> "claims".
fn plural_noun(noun: &str) -> String {
    format!("{noun}s")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_run_as_formulas_start_with_an_apostrophe() {
        for s in [
            "=1+1",
            "+1",
            "-1",
            "@SUM(A1)",
            "\n=1",
            " =1",
            "\u{3000}=1",
            "\u{FF1D}1",
            "\tx",
        ] {
            assert!(
                csv_field(s).trim_start_matches('"').starts_with('\''),
                "{s:?}"
            );
        }
        assert_eq!(csv_field("plain, text"), "\"plain, text\"");
    }

    #[test]
    fn markdown_cells_show_a_documents_image_and_link_syntax_as_text() {
        let cell = md_cell("![x](https://evil.example/t.png) and [a](b) <img> a|b");
        assert_eq!(
            cell,
            "!\\[x\\](https://evil.example/t.png) and \\[a\\](b) &lt;img&gt; a\\|b"
        );
    }
}
