//! Confidence tables as text (comfy-table), Markdown, CSV or JSON.

use comfy_table::{Attribute, Color, ContentArrangement, presets};

use super::plural;
use crate::check::finding::Severity;
use crate::claim::Level;
use crate::confidence::{Cell, Confidence, Grid};

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

pub(crate) fn render(grid: &Grid, format: TableFormat, color: bool) -> String {
    match format {
        TableFormat::Text => text(grid, color),
        TableFormat::Markdown => markdown(grid),
        TableFormat::Csv => csv(grid),
        TableFormat::Json => json(grid),
    }
}

/// A cell's words.
fn words(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(s) => s.clone(),
        Cell::Count(n) => n.to_string(),
        Cell::Level(l) => l.as_str().to_string(),
        Cell::Levels(ls) => ls.iter().map(|l| l.as_str()).collect::<Vec<_>>().join(", "),
        Cell::Status { quote, evidence } => {
            let mut s = quote.as_str().to_string();
            for (i, st) in evidence {
                s.push_str(&format!("; evidence[{i}] {}", st.as_str()));
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

/// A cell's colour on a terminal.
fn tone(cell: &Cell) -> Option<Color> {
    match cell {
        Cell::Level(l) => Some(match l {
            Level::Confirmed => Color::Green,
            Level::SourceSays => Color::Yellow,
            Level::CouldNotConfirm => Color::Red,
        }),
        Cell::Confidence(c) => Some(match c {
            Confidence::Confirmed => Color::Green,
            Confidence::Corroborated => Color::Cyan,
            Confidence::SingleSource => Color::Yellow,
            Confidence::Unconfirmed | Confidence::Unverified => Color::Red,
        }),
        // The quote's own verdict decides; intact with broken evidence warns.
        Cell::Status { quote, evidence } => Some(match quote.severity() {
            Severity::Ok if evidence.is_empty() => Color::Green,
            Severity::Ok | Severity::Warning => Color::Yellow,
            Severity::Error => Color::Red,
        }),
        _ => None,
    }
}

fn text(grid: &Grid, color: bool) -> String {
    let mut t = comfy_table::Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if color {
        t.enforce_styling();
    }
    if !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        // Piped: no terminal to measure; fit $COLUMNS, or a page-friendly width.
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(120);
        t.force_no_tty().set_width(width);
        if color {
            t.enforce_styling();
        }
    }
    t.set_header(
        grid.columns
            .iter()
            .map(|c| comfy_table::Cell::new(c.name).add_attribute(Attribute::Bold)),
    );
    for row in &grid.rows {
        t.add_row(row.iter().map(|v| {
            let cell = comfy_table::Cell::new(words(v));
            match tone(v) {
                Some(c) if color => cell.fg(c),
                _ => cell,
            }
        }));
    }
    t.add_row(
        grid.totals
            .iter()
            .map(|v| comfy_table::Cell::new(words(v)).add_attribute(Attribute::Bold)),
    );
    for (i, c) in grid.columns.iter().enumerate() {
        if c.numeric
            && let Some(col) = t.column_mut(i)
        {
            col.set_cell_alignment(comfy_table::CellAlignment::Right);
        }
    }
    let mut out = super::safe_page(&t.to_string(), color);
    out.push('\n');
    out
}

/// A Markdown cell: pipes escaped, HTML inert, controls escaped.
fn md_cell(s: &str) -> String {
    super::safe(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace('\n', " ")
}

fn markdown(grid: &Grid) -> String {
    let mut out = String::new();
    let headers: Vec<&str> = grid.columns.iter().map(|c| c.name).collect();
    out.push_str(&format!("| {} |\n", headers.join(" | ")));
    let seps: Vec<&str> = grid
        .columns
        .iter()
        .map(|c| if c.numeric { "---:" } else { "---" })
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

/// A CSV field, quoted when it must be; one that a spreadsheet would read as
/// a formula (`=`, `+`, `-`, `@`, a tab or a carriage return first) starts
/// with `'` instead.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
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

fn csv(grid: &Grid) -> String {
    let line = |cells: &mut dyn Iterator<Item = String>| {
        cells.map(|c| csv_field(&c)).collect::<Vec<_>>().join(",") + "\r\n"
    };
    let mut out = line(&mut grid.columns.iter().map(|c| c.name.to_string()));
    for row in &grid.rows {
        out.push_str(&line(&mut row.iter().map(words)));
    }
    out.push_str(&line(&mut grid.totals.iter().map(words)));
    out
}

fn json(grid: &Grid) -> String {
    let object = |cells: &[Cell]| {
        let mut m = serde_json::Map::new();
        for (c, v) in grid.columns.iter().zip(cells) {
            let value = match v {
                Cell::Count(n) => serde_json::Value::from(*n),
                _ => serde_json::Value::from(words(v)),
            };
            m.insert(c.name.replace(' ', "_"), value);
        }
        serde_json::Value::Object(m)
    };
    let doc = serde_json::json!({
        "rows": grid.rows.iter().map(|r| object(r)).collect::<Vec<_>>(),
        "totals": object(&grid.totals),
    });
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}
