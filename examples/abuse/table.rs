//! The report: one aligned table with a section per server configuration, notes under it.

use crate::probe::{Row, MEMORY_CEILING_MB};

/// The rows run against one server, with its command line and notes.
pub struct Section {
    pub heading: String,
    pub notes: Vec<String>,
    pub rows: Vec<Row>,
}

const HEADERS: [&str; 7] = [
    "probe", "expected", "observed", "ms", "RSS MB", "peak MB", "result",
];

/// The cells of a row, its footnote number added to the observed outcome.
fn cells(row: &Row, footnote: Option<usize>) -> [String; 7] {
    let observed = match footnote {
        Some(n) => format!("{} [{n}]", row.observed.status),
        None => row.observed.status.clone(),
    };
    let ms = row.observed.elapsed.as_secs_f64() * 1000.0;
    let (rss, peak) = match &row.memory {
        Some(m) => (format!("{:.1}", m.rss_mb()), format!("{:.1}", m.peak_mb())),
        None => ("?".to_string(), "?".to_string()),
    };
    let result = if row.failures.is_empty() {
        "PASS".to_string()
    } else {
        let why: Vec<&str> = row.failures.iter().map(|f| f.word()).collect();
        format!("FAIL ({})", why.join(", "))
    };
    [
        row.name.clone(),
        row.expect.clone(),
        observed,
        format!("{ms:.1}"),
        rss,
        peak,
        result,
    ]
}

/// Prints every section and the legend; returns whether any probe failed.
pub fn print(sections: &[Section]) -> bool {
    let mut footnotes = Vec::new();
    let mut tables = Vec::new();
    for section in sections {
        let mut lines = Vec::new();
        for row in &section.rows {
            let footnote = row.observed.note.as_ref().map(|note| {
                footnotes.push(note.clone());
                footnotes.len()
            });
            lines.push(cells(row, footnote));
        }
        tables.push(lines);
    }
    let mut widths = HEADERS.map(str::len);
    for line in tables.iter().flatten() {
        for (width, cell) in widths.iter_mut().zip(line) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let format_line = |cells: &[String]| {
        let mut text = String::new();
        for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
            // Numbers right-aligned, words left-aligned; no padding after the last column.
            let numeric = (3..=5).contains(&i);
            let padded = if numeric {
                format!("{cell:>width$}")
            } else if i + 1 == cells.len() {
                cell.clone()
            } else {
                format!("{cell:<width$}")
            };
            text.push_str(&padded);
            text.push_str("  ");
        }
        text.trim_end().to_string()
    };
    let header: Vec<String> = HEADERS.iter().map(|h| h.to_string()).collect();
    let rule = "-".repeat(widths.iter().sum::<usize>() + 2 * (widths.len() - 1));
    let (mut passed, mut failed) = (0, 0);
    for (section, lines) in sections.iter().zip(&tables) {
        println!("\n== {} ==", section.heading);
        for note in &section.notes {
            println!("   {note}");
        }
        println!("{}", format_line(&header));
        println!("{rule}");
        for (line, row) in lines.iter().zip(&section.rows) {
            println!("{}", format_line(line));
            if row.failures.is_empty() {
                passed += 1;
            } else {
                failed += 1;
            }
        }
    }
    if !footnotes.is_empty() {
        println!();
        for (i, note) in footnotes.iter().enumerate() {
            println!("[{}] {note}", i + 1);
        }
    }
    println!(
        "\nPASS: the expected outcome, refused or answered in < 100 ms (timeouts: closed within \
         the configured timeout + 1 s), RSS and peak RSS < {MEMORY_CEILING_MB:.0} MB (peak: VmHWM, \
         reset before each probe), the server alive and /healthz 200 afterwards."
    );
    println!("{passed} passed, {failed} failed");
    failed > 0 || sections.iter().any(|s| s.rows.is_empty())
}
