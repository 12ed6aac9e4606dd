//! The sizes the model and the views agree on: the minimum terminal, how
//! many table rows fit (paging depends on it), where the table starts.

/// Below this the UI shows "terminal too small" instead of the screens.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// Height of the detail pane under a table, when there is room.
pub const DETAIL_PANE: u16 = 7;

/// Rows taken by the header (tabs), status line and footer.
const CHROME: u16 = 3;
/// Rows above the first table row inside the body: filter line, column titles.
pub const TABLE_HEAD: u16 = 2;

pub fn too_small(width: u16, height: u16) -> bool {
    width < MIN_WIDTH || height < MIN_HEIGHT
}

/// Whether the detail pane is shown under the table.
pub fn shows_detail_pane(height: u16) -> bool {
    height.saturating_sub(CHROME) >= 18
}

/// How many table rows are visible in a terminal `height` rows high.
pub fn table_rows(height: u16) -> usize {
    let body = height.saturating_sub(CHROME);
    let pane = if shows_detail_pane(height) {
        DETAIL_PANE
    } else {
        0
    };
    body.saturating_sub(TABLE_HEAD + pane).max(1) as usize
}

/// The screen row of the first table row.
pub fn first_table_row() -> u16 {
    1 + TABLE_HEAD
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_80_by_24_terminal_shows_twelve_rows_and_the_detail_pane() {
        assert!(shows_detail_pane(24));
        assert_eq!(table_rows(24), 12);
        assert!(!too_small(80, 24));
        assert!(too_small(59, 24));
        assert_eq!(table_rows(16), 11);
        assert_eq!(table_rows(0), 1);
    }
}
