//! Confidence tables as text (comfy-table), Markdown, CSV or JSON.

use comfy_table::{Attribute, Cell, Color, ContentArrangement, presets};

use crate::cli::TableFormat;
use crate::table::{Grid, Kind};

pub fn render(grid: &Grid, format: TableFormat, color: bool) -> String {
    match format {
        TableFormat::Text => text(grid, color),
        TableFormat::Markdown => markdown(grid),
        TableFormat::Csv => csv(grid),
        TableFormat::Json => json(grid),
    }
}

fn tone(kind: Kind, value: &str) -> Option<Color> {
    let first = value.split(';').next().unwrap_or("");
    match kind {
        Kind::Level => match value {
            "confirmed" => Some(Color::Green),
            "source-says" => Some(Color::Yellow),
            "could-not-confirm" => Some(Color::Red),
            _ => None,
        },
        Kind::Confidence => match value {
            "confirmed" => Some(Color::Green),
            "corroborated" => Some(Color::Cyan),
            "single source" => Some(Color::Yellow),
            _ => Some(Color::Red),
        },
        Kind::Status => match first {
            "intact" if !value.contains(';') => Some(Color::Green),
            "moved" | "normalized" | "intact" => Some(Color::Yellow),
            _ => Some(Color::Red),
        },
        Kind::Text | Kind::Number => None,
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
        grid.headers
            .iter()
            .map(|h| Cell::new(h).add_attribute(Attribute::Bold)),
    );
    for row in &grid.rows {
        t.add_row(row.iter().zip(&grid.kinds).map(|(v, &k)| {
            let cell = Cell::new(v);
            match tone(k, v) {
                Some(c) if color => cell.fg(c),
                _ => cell,
            }
        }));
    }
    t.add_row(
        grid.totals
            .iter()
            .map(|v| Cell::new(v).add_attribute(Attribute::Bold)),
    );
    for (i, k) in grid.kinds.iter().enumerate() {
        if *k == Kind::Number
            && let Some(col) = t.column_mut(i)
        {
            col.set_cell_alignment(comfy_table::CellAlignment::Right);
        }
    }
    let mut out = t.to_string();
    out.push('\n');
    out
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn markdown(grid: &Grid) -> String {
    let mut out = String::new();
    out.push_str(&format!("| {} |\n", grid.headers.join(" | ")));
    let seps: Vec<&str> = grid
        .kinds
        .iter()
        .map(|k| if *k == Kind::Number { "---:" } else { "---" })
        .collect();
    out.push_str(&format!("| {} |\n", seps.join(" | ")));
    for row in &grid.rows {
        let cells: Vec<String> = row.iter().map(|c| md_cell(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    let totals: Vec<String> = grid
        .totals
        .iter()
        .map(|c| {
            if c.is_empty() {
                String::new()
            } else {
                format!("**{}**", md_cell(c))
            }
        })
        .collect();
    out.push_str(&format!("| {} |\n", totals.join(" | ")));
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv(grid: &Grid) -> String {
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        cells.map(csv_field).collect::<Vec<_>>().join(",") + "\r\n"
    };
    let mut out = line(&mut grid.headers.iter().copied());
    for row in &grid.rows {
        out.push_str(&line(&mut row.iter().map(String::as_str)));
    }
    out.push_str(&line(&mut grid.totals.iter().map(String::as_str)));
    out
}

fn json(grid: &Grid) -> String {
    let object = |cells: &[String]| {
        let mut m = serde_json::Map::new();
        for ((h, k), v) in grid.headers.iter().zip(&grid.kinds).zip(cells) {
            let key = h.replace(' ', "_");
            let value = match (k, v.parse::<u64>()) {
                (Kind::Number, Ok(n)) => serde_json::Value::from(n),
                _ => serde_json::Value::from(v.as_str()),
            };
            m.insert(key, value);
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
