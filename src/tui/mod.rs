//! The terminal UI's imperative shell: the only module that uses ratatui and
//! crossterm. It sets the terminal up (raw mode, alternate screen, mouse
//! capture unless `--no-mouse`) and always restores it, on quit, on error
//! and on panic; runs a synchronous loop (draw, wait for a key or a tick,
//! turn the key into an action through the keymap, `update`); and checks the
//! database for other programs' changes on a tick.

pub mod keymap;
pub mod theme;
pub mod view;

use crate::app::Config;
use crate::app::ui::text_input::one_line;
use crate::app::ui::{Action, Context, Model, View, layout, update};
use crate::domain::clock::Clock;
use crate::i18n::{Lang, Message};
use crossterm::event::{self, Event, KeyEventKind, MouseButton, MouseEventKind};
use crossterm::{execute, terminal};
use keymap::Keymap;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{Stdout, stdout};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
use theme::Theme;

/// How often the database is checked for other programs' changes.
const TICK: Duration = Duration::from_millis(1000);
/// How often while an import runs in the background.
const BUSY_TICK: Duration = Duration::from_millis(100);
/// How often while the search box waits for results: within a frame of
/// their arrival (a tick installs what background jobs produced).
const RESULTS_TICK: Duration = Duration::from_millis(16);

/// What the command line hands over.
pub struct Options {
    pub db: PathBuf,
    pub config: Config,
    /// The settings file (shown in the help).
    pub config_path: PathBuf,
    pub config_dir: Option<PathBuf>,
    pub clock: Arc<dyn Clock>,
    pub lang: Lang,
    pub mouse: bool,
}

/// Why the UI could not run, in words.
#[derive(Debug)]
pub enum TuiError {
    App(Message),
    Io(std::io::Error),
}

impl From<std::io::Error> for TuiError {
    fn from(err: std::io::Error) -> Self {
        TuiError::Io(err)
    }
}

/// Loads the user's keymap over the built-in one; a broken file is reported
/// and the built-in keymap used.
pub fn load_keymap(config_dir: Option<&Path>) -> (Keymap, Option<Message>) {
    let Some(path) = config_dir.map(|dir| dir.join("keymap.toml")) else {
        return (Keymap::builtin(), None);
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => match Keymap::with_user_file(&text) {
            Ok(keymap) => (keymap, None),
            Err(err) => (
                Keymap::builtin(),
                Some(
                    Message::new("tui.error.keymap")
                        .arg("path", path.display())
                        .arg("error", err.0),
                ),
            ),
        },
        Err(_) => (Keymap::builtin(), None),
    }
}

/// Puts the terminal back as it was: leaves raw mode, the alternate screen
/// and mouse capture. Safe to call twice.
fn restore(mouse: bool) {
    let mut out = stdout();
    if mouse {
        let _ = execute!(out, event::DisableMouseCapture);
    }
    let _ = execute!(
        out,
        event::DisableBracketedPaste,
        terminal::LeaveAlternateScreen,
        crossterm::cursor::Show
    );
    let _ = terminal::disable_raw_mode();
}

/// Restores the terminal when dropped, whatever happened.
struct Guard {
    mouse: bool,
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore(self.mouse);
    }
}

fn setup(mouse: bool) -> std::io::Result<(Guard, Terminal<CrosstermBackend<Stdout>>)> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore(mouse);
        previous(info);
    }));
    terminal::enable_raw_mode()?;
    let guard = Guard { mouse };
    let mut out = stdout();
    // A paste arrives as one event, not as keys that could act.
    execute!(
        out,
        terminal::EnterAlternateScreen,
        event::EnableBracketedPaste
    )?;
    if mouse {
        execute!(out, event::EnableMouseCapture)?;
    }
    let terminal = Terminal::new(CrosstermBackend::new(out))?;
    Ok((guard, terminal))
}

/// Runs the UI until the person quits.
pub fn run(options: Options) -> Result<(), TuiError> {
    let size = terminal::size().unwrap_or((80, 24));
    let mut model = Model::open(
        &options.db,
        options.config.clone(),
        options.clock.clone(),
        options.lang,
        size,
    )
    .map_err(|err| TuiError::App(err.message()))?;
    model.config_path = options.config_path.clone();
    let (keymap, keymap_error) = load_keymap(options.config_dir.as_deref());
    if let Some(message) = keymap_error {
        model.notice = Some(crate::app::ui::Notice {
            message,
            error: true,
        });
    }
    let ctx = view::ViewCtx {
        keymap: &keymap,
        theme: Theme::from_env(),
    };
    let (_guard, mut terminal) = setup(options.mouse)?;
    // The first tick runs right after the first frame: it finishes what
    // start-up deferred (counting a long listing).
    let mut last_tick = Instant::now()
        .checked_sub(TICK)
        .unwrap_or_else(Instant::now);
    while !model.quit {
        terminal.draw(|frame| view::draw(frame, &model, &ctx))?;
        // A screen waiting for its figures gets them right after this
        // frame (which says "loading"), not a tick later.
        // A background import is followed closely.
        let tick = if model.results_due() {
            RESULTS_TICK
        } else if model.busy() {
            BUSY_TICK
        } else {
            TICK
        };
        let timeout = if model.pending() {
            Duration::ZERO
        } else {
            tick.saturating_sub(last_tick.elapsed())
        };
        if event::poll(timeout)? {
            let event = event::read()?;
            for action in actions_for(&model, &keymap, event) {
                update(&mut model, action);
            }
        }
        if last_tick.elapsed() >= tick || model.pending() {
            update(&mut model, Action::Tick);
            last_tick = Instant::now();
        }
    }
    Ok(())
}

/// Turns a terminal event into actions: a paste types its text (as one
/// line) where text is typed; anything else is one action at most.
pub fn actions_for(model: &Model, keymap: &Keymap, event: Event) -> Vec<Action> {
    match event {
        Event::Paste(text) if model.context().types_text() => {
            one_line(&text).chars().map(Action::Type).collect()
        }
        event => action_for(model, keymap, event).into_iter().collect(),
    }
}

/// Turns a terminal event into an action (keys through the keymap; the
/// mouse wheel scrolls; a click picks a tab or a row).
pub fn action_for(model: &Model, keymap: &Keymap, event: Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            if layout::too_small(model.size.0, model.size.1) {
                // Only quitting makes sense on the "too small" screen.
                return keymap
                    .resolve(Context::Browse, key)
                    .filter(|action| *action == Action::Quit);
            }
            keymap.resolve(model.context(), key)
        }
        Event::Resize(width, height) => Some(Action::Resize(width, height)),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollDown => Some(Action::Down),
            MouseEventKind::ScrollUp => Some(Action::Up),
            MouseEventKind::Down(MouseButton::Left) => click(model, mouse.column, mouse.row),
            _ => None,
        },
        _ => None,
    }
}

fn click(model: &Model, column: u16, row: u16) -> Option<Action> {
    if row == 0 && model.app.is_some() && model.context() != Context::Form {
        return view::tab_spans(model.lang, model.size.0, model.tab)
            .into_iter()
            .find(|(start, end, _)| (*start..*end).contains(&column))
            .map(|(_, _, tab)| Action::Screen(tab.index() as u8));
    }
    if model.context() == Context::Browse && matches!(model.view, View::Browse) {
        let first = layout::first_table_row();
        let rows = model.table_rows() as u16;
        if (first..first + rows).contains(&row) {
            let index = model.list().top + (row - first) as usize;
            if index < model.list().total {
                return Some(Action::Select(index));
            }
        }
    }
    None
}
