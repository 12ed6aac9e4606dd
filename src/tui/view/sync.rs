//! *Synchronisation*: the removable media found, the known sites with
//! their status and last exchanges (the selection in reverse video with a
//! marker), then the bundle or folder being previewed, the card about to be
//! enrolled (above the confirmation, which must not hide its fingerprint),
//! the import's progress, or the summary of the last export, import or sync
//! with a folder. Long lines wrap: nothing is cut.

use super::{ViewCtx, colon, fit, with_keys};
use crate::app::present::format_time;
use crate::app::sync_ops::Severity;
use crate::app::ui::jobs::JobKind;
use crate::app::ui::sync::SyncState;
use crate::app::ui::{Action, Context, Model, Overlay};
use crate::domain::{Kind, TrustStatus};
use crate::i18n::{Lang, Message, format_number, tr};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// "today", "3 days ago" or "—".
pub fn since(lang: Lang, now_ms: i64, ms: Option<i64>) -> String {
    match ms {
        Some(ms) => match ((now_ms - ms) / 86_400_000).max(0) {
            0 => tr(lang, "tui.home.today").to_string(),
            days => Message::new("tui.home.days_ago").count(days).render(lang),
        },
        None => "—".to_string(),
    }
}

pub fn sync(frame: &mut Frame, model: &Model, ctx: &ViewCtx, area: Rect) -> Option<Position> {
    let lang = model.lang;
    let state = &model.sync;
    let width = area.width as usize;
    let Some(rows) = &state.trust else {
        super::jobs::waiting(frame, model, ctx, area, None);
        return None;
    };
    let now_ms = model.clock.now_ms();
    let role = if state.regional {
        tr(lang, "tui.sync.role_lead")
    } else {
        tr(lang, "tui.sync.role_epn")
    };
    let media = if state.media.is_empty() {
        // Said in the screen's words: no path to type here, and no system
        // folders a user does not know; the key that asks for a folder.
        with_keys(
            model,
            ctx,
            Context::Sync,
            Message::new("syncfolder.tui.no_media_screen"),
            &[("key", Action::SyncFolder)],
        )
    } else {
        let list = state
            .media
            .iter()
            .map(|path| path.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        format!("{}{}{list}", tr(lang, "tui.sync.media"), colon(lang))
    };
    let mut lines = vec![Line::styled(
        fit(&format!("{} · {role}", tr(lang, "tui.sync.title")), width),
        ctx.theme.heading(),
    )];
    // The removable media line wraps (a long mount path is never cut).
    lines.extend(
        super::panes::wrap(&media, width)
            .into_iter()
            .map(|part| Line::styled(part, ctx.theme.dim())),
    );
    lines.push(Line::styled(
        fit(
            &format!(
                "  {:<name$} {:<10} {:<15} {:<15}",
                fit(tr(lang, "tui.sync.col_site"), name_width(width)),
                tr(lang, "tui.sync.col_status"),
                tr(lang, "tui.sync.col_sent"),
                tr(lang, "tui.sync.col_received"),
                name = name_width(width),
            ),
            width,
        ),
        ctx.theme.title(),
    ));
    // The bundle being previewed comes first (a confirmation floats over
    // the middle of the screen); a summary comes after the list.
    let waiting =
        state.preview.is_some() || state.folder_plan.is_some() || state.pending_card.is_some();
    let (before, mut after) = if waiting {
        (panel_lines(lang, state, ctx, width), Vec::new())
    } else {
        (Vec::new(), panel_lines(lang, state, ctx, width))
    };
    let header = lines.split_off(lines.len() - 1);
    lines.extend(before);
    // No site yet: one sentence says so, under no column titles.
    if !rows.is_empty() {
        lines.extend(header);
    }
    let list_rows = (area.height as usize)
        .saturating_sub(lines.len() + after.len() + 2)
        .max(2);
    let mut cursor = None;
    if rows.is_empty() {
        lines.push(Line::styled(
            fit(
                &with_keys(
                    model,
                    ctx,
                    Context::Sync,
                    Message::new("tui.sync.no_site"),
                    &[("enrol", Action::Enrol)],
                ),
                width,
            ),
            ctx.theme.dim(),
        ));
    }
    let first = state.selected.saturating_sub(list_rows.saturating_sub(1));
    for (index, row) in rows.iter().enumerate().skip(first).take(list_rows) {
        let selected = index == state.selected;
        if selected {
            cursor = Some(Position::new(area.x, area.y + lines.len() as u16));
        }
        let status_key = format!("tui.sync.status.{}", row.status.slug());
        let status = tr(lang, &status_key);
        let name = name_width(width);
        let text = format!(
            "{} {:<name$} {:<10} {:<15} {:<15}",
            if selected { "▶" } else { " " },
            fit(&row.name, name),
            fit(status, 10),
            since(lang, now_ms, row.last_sent_ms),
            since(lang, now_ms, row.last_received_ms),
        );
        let style = if selected {
            ctx.theme.selected()
        } else if row.status == TrustStatus::Revoked {
            ctx.theme.dim()
        } else {
            Style::new()
        };
        lines.push(Line::styled(fit(&text, width), style));
    }
    // Under a box, the selected site's fingerprint would be half hidden:
    // it shows when nothing floats over the list.
    if let Some(row) = state.selected_site()
        && model.overlay == Overlay::None
    {
        let text = match &row.fingerprint {
            Some(fingerprint) => Message::new("tui.sync.selected").arg("fingerprint", fingerprint),
            None => Message::new("tui.sync.selected_no_key"),
        }
        .arg("site", &row.site)
        .render(lang);
        lines.push(Line::styled(fit(&text, width), ctx.theme.dim()));
    }
    let list_height = lines.len() as u16;
    frame.render_widget(Paragraph::new(lines), area);
    let mut y = area.y + list_height + 1;
    if y < area.bottom()
        && super::jobs::gauge(frame, model, ctx, Rect::new(area.x, y, area.width, 1))
    {
        y += 1;
    }
    for kind in [JobKind::Import, JobKind::Export, JobKind::Backup] {
        if let Some(reason) = model.jobs.failure(kind) {
            // `r` here reloads the sites: no "try again" hint.
            after.splice(
                0..0,
                super::jobs::failure_text(model, ctx, kind, reason, width),
            );
        }
    }
    let rest = Rect::new(
        area.x,
        y.min(area.bottom()),
        area.width,
        area.bottom().saturating_sub(y),
    );
    frame.render_widget(Paragraph::new(after), rest);
    cursor
}

fn kind_key(kind: Kind) -> &'static str {
    match kind {
        Kind::Site => "tui.sync.kinds.site",
        Kind::Org => "tui.sync.kinds.org",
        Kind::Request => "tui.sync.kinds.request",
        Kind::Developer => "tui.sync.kinds.developer",
        Kind::Workshop => "tui.sync.kinds.workshop",
        Kind::Time => "tui.sync.kinds.time",
        Kind::Budget => "tui.sync.kinds.budget",
        Kind::Deliverable => "tui.sync.kinds.deliverable",
        Kind::Place => "tui.sync.kinds.place",
    }
}

/// The preview of the bundle about to be imported, or the last summary.
/// The site column: 26 wide where there is room, narrower (to 12) so that
/// the dates keep theirs at 60 columns (the header was cut at « Reçu »).
fn name_width(width: usize) -> usize {
    width.saturating_sub(45).clamp(12, 26)
}

fn panel_lines<'a>(lang: Lang, state: &SyncState, ctx: &ViewCtx, width: usize) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    if let Some(plan) = &state.folder_plan {
        for part in super::panes::wrap(&plan.found().render(lang), width) {
            lines.push(Line::styled(part, ctx.theme.heading()));
        }
    }
    if let Some(pending) = &state.pending_card {
        let code = &pending.card.departement;
        let place = crate::domain::geo::departement(code)
            .map_or_else(|| code.clone(), |d| format!("{} {}", d.code, d.name));
        let text = format!("{} ({place})", pending.card.name);
        lines.push(Line::styled(fit(&text, width), ctx.theme.title()));
        let text = Message::new("syncfolder.tui.fingerprint")
            .arg("fingerprint", &pending.card.fingerprint)
            .render(lang);
        for part in super::panes::wrap(&text, width) {
            lines.push(Line::styled(part, ctx.theme.heading()));
        }
    }
    if let Some(preview) = &state.preview {
        let kind = if preview.full {
            tr(lang, "tui.sync.full")
        } else {
            tr(lang, "tui.sync.incremental")
        };
        let contains = preview
            .contains
            .iter()
            .map(|(site, seq)| {
                Message::new("tui.sync.up_to")
                    .arg("site", site)
                    .arg("seq", seq)
                    .render(lang)
            })
            .collect::<Vec<_>>()
            .join(", ");
        let kinds = preview
            .new_by_kind
            .iter()
            .map(|(kind, n)| Message::new(kind_key(*kind)).count(*n as i64).render(lang))
            .collect::<Vec<_>>()
            .join(", ");
        let texts = [
            (
                Message::new("tui.sync.preview_file")
                    .arg("path", preview.path.display())
                    .render(lang),
                ctx.theme.title(),
            ),
            (
                Message::new("tui.sync.preview_from")
                    .arg("sender", &preview.sender_name)
                    .arg("time", format_time(lang, preview.created_wall_ms))
                    .arg("kind", kind)
                    .render(lang),
                Style::new(),
            ),
            (
                Message::new("tui.sync.preview_contains")
                    .count(preview.change_count as i64)
                    .arg("bytes", format_number(lang, preview.bytes as f64, 0))
                    .arg("sites", contains)
                    .render(lang),
                Style::new(),
            ),
            (
                if preview.already_imported {
                    tr(lang, "tui.sync.preview_replay").to_string()
                } else {
                    Message::new("tui.sync.preview_new")
                        .count(preview.new_changes as i64)
                        .arg("kinds", kinds)
                        .render(lang)
                },
                ctx.theme.heading(),
            ),
        ];
        for (text, style) in texts {
            lines.push(Line::styled(fit(&text, width), style));
        }
    }
    for line in &state.summary {
        let (marker, style) = match line.severity {
            Severity::Done => ("✓", ctx.theme.ok()),
            Severity::Notice => ("·", ctx.theme.heading()),
            Severity::Warning => ("⚠", ctx.theme.error()),
        };
        let text = format!("{marker} {}", line.message.render(lang).trim_start());
        for part in super::panes::wrap(&text, width) {
            lines.push(Line::styled(part, style));
        }
    }
    lines
}
