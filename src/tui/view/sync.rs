//! *Synchronisation*: the sites bundles are exchanged with and when, and
//! the export / import / enrol / revoke actions.

use super::{ViewCtx, fit};
use crate::app::ui::Model;
use crate::i18n::tr;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub fn sync(frame: &mut Frame, model: &Model, ctx: &ViewCtx, area: Rect) -> Option<Position> {
    let lang = model.lang;
    let width = area.width as usize;
    let lines = vec![
        Line::styled(fit(tr(lang, "ui2.sync.title"), width), ctx.theme.heading()),
        Line::styled(
            fit(tr(lang, "ui2.sync.unavailable"), width),
            ctx.theme.dim(),
        ),
    ];
    frame.render_widget(Paragraph::new(lines), area);
    None
}
