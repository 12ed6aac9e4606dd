//! Small inline SVG charts for the HTML report: horizontal bars, a monthly
//! line and a gauge. No script and no external resource: the file must open
//! offline and print the same everywhere. Text is escaped by the caller's
//! `escape`.

use super::html::escape;
use std::fmt::Write;

/// The drawing width (the SVG scales to the page).
const WIDTH: f64 = 680.0;
const ACCENT: &str = "#1f5f8b";
const SOFT: &str = "#c9dbe8";

/// One bar: its label, value and the value as written.
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub text: String,
}

fn open(out: &mut String, title: &str, height: f64) {
    let _ = write!(
        out,
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-label=\"{t}\"><title>{t}</title>",
        t = escape(title)
    );
}

/// Horizontal bars, one per item, longest = full width.
pub fn bars(title: &str, items: &[Bar]) -> String {
    let row = 24.0;
    let label_width = 210.0;
    let room = WIDTH - label_width - 90.0;
    let height = row * items.len().max(1) as f64 + 8.0;
    let max = items.iter().map(|bar| bar.value).fold(0.0_f64, f64::max);
    let mut out = String::new();
    open(&mut out, title, height);
    for (index, bar) in items.iter().enumerate() {
        let y = 4.0 + row * index as f64;
        let length = if max > 0.0 {
            (bar.value.max(0.0) / max) * room
        } else {
            0.0
        };
        let _ = write!(
            out,
            "<text x=\"{lx}\" y=\"{ty}\" text-anchor=\"end\">{label}</text>\
             <rect x=\"{bx}\" y=\"{y}\" width=\"{length:.1}\" height=\"{h}\" fill=\"{ACCENT}\"/>\
             <text x=\"{vx:.1}\" y=\"{ty}\">{value}</text>",
            lx = label_width - 8.0,
            ty = y + 15.0,
            label = escape(&bar.label),
            bx = label_width,
            h = row - 8.0,
            vx = label_width + length + 6.0,
            value = escape(&bar.text),
        );
    }
    out.push_str("</svg>");
    out
}

/// A line over twelve months, with dots and each value written above them,
/// and an optional dashed reference line (an envelope) with its label.
pub fn line(
    title: &str,
    months: &[String],
    values: &[f64],
    texts: &[String],
    reference: Option<(f64, String)>,
) -> String {
    let (height, top, bottom, left, right) = (240.0, 28.0, 30.0, 16.0, 16.0);
    let plot = height - top - bottom;
    let max = values
        .iter()
        .copied()
        .chain(reference.as_ref().map(|(value, _)| *value))
        .fold(0.0_f64, f64::max);
    let step = (WIDTH - left - right) / values.len().max(1) as f64;
    let x = |index: usize| left + step * (index as f64 + 0.5);
    let y = |value: f64| {
        if max > 0.0 {
            top + plot - (value.max(0.0) / max) * plot
        } else {
            top + plot
        }
    };
    let mut out = String::new();
    open(&mut out, title, height);
    let _ = write!(
        out,
        "<line x1=\"{left}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" stroke=\"#888\"/>",
        b = top + plot,
        r = WIDTH - right
    );
    if let Some((value, label)) = &reference {
        let ry = y(*value);
        let _ = write!(
            out,
            "<line x1=\"{left}\" y1=\"{ry:.1}\" x2=\"{r}\" y2=\"{ry:.1}\" stroke=\"#b03a2e\" stroke-dasharray=\"6 4\"/>\
             <text x=\"{r}\" y=\"{ty:.1}\" text-anchor=\"end\" fill=\"#b03a2e\">{label}</text>",
            r = WIDTH - right,
            ty = ry - 5.0,
            label = escape(label)
        );
    }
    let points: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(index, value)| format!("{:.1},{:.1}", x(index), y(*value)))
        .collect();
    let _ = write!(
        out,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"{ACCENT}\" stroke-width=\"2.5\"/>",
        points.join(" ")
    );
    for (index, value) in values.iter().enumerate() {
        let (cx, cy) = (x(index), y(*value));
        let _ = write!(
            out,
            "<circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"3.5\" fill=\"{ACCENT}\"/>\
             <text class=\"small\" x=\"{cx:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\">{text}</text>\
             <text class=\"small\" x=\"{cx:.1}\" y=\"{my:.1}\" text-anchor=\"middle\">{month}</text>",
            ty = cy - 7.0,
            text = escape(texts.get(index).map_or("", String::as_str)),
            my = height - 10.0,
            month = escape(months.get(index).map_or("", String::as_str)),
        );
    }
    out.push_str("</svg>");
    out
}

/// A gauge: what was used against the whole, with both amounts written
/// above it and a note (the share) under it.
pub fn gauge(title: &str, (used, whole): (f64, f64), texts: [&str; 3]) -> String {
    let [used_text, whole_text, note] = texts;
    let (height, bar_y, bar_h) = (70.0, 22.0, 26.0);
    let room = WIDTH - 2.0;
    let share = if whole > 0.0 {
        (used / whole).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let over = whole > 0.0 && used > whole;
    let mut out = String::new();
    open(&mut out, title, height);
    let _ = write!(
        out,
        "<rect x=\"1\" y=\"{bar_y}\" width=\"{room}\" height=\"{bar_h}\" fill=\"{SOFT}\" stroke=\"#888\"/>\
         <rect x=\"1\" y=\"{bar_y}\" width=\"{used_w:.1}\" height=\"{bar_h}\" fill=\"{fill}\"/>\
         <text x=\"1\" y=\"14\">{used_text}</text>\
         <text x=\"{room}\" y=\"14\" text-anchor=\"end\">{whole_text}</text>\
         <text x=\"1\" y=\"66\" class=\"small\">{note}</text>",
        used_w = share * room,
        fill = if over { "#b03a2e" } else { ACCENT },
        used_text = escape(used_text),
        whole_text = escape(whole_text),
        note = escape(note),
    );
    out.push_str("</svg>");
    out
}
