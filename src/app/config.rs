//! Settings from `config.toml` in the user's config directory. A missing file
//! means defaults; a malformed one is an error that names the file and line.

use crate::i18n::Message;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The yearly budget of the programme, in euros, unless configured.
pub const DEFAULT_YEARLY_BUDGET: f64 = 280_000.0;
/// The cost of one developer hour used for budget figures, unless configured:
/// the envelope's salary line (about 224 000 € for seven people) over their
/// hours (about 1 500 h a year each).
pub const DEFAULT_HOURLY_COST: f64 = 22.0;
/// Years without activity before a person is due for erasure (CNIL guidance).
pub const DEFAULT_RETENTION_YEARS: u32 = 3;
/// Days before the dashboard reminds that no backup was made.
pub const DEFAULT_BACKUP_REMINDER_DAYS: u32 = 7;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `fr` or `en`; absent means "from the locale".
    pub lang: Option<String>,
    /// The operator's name, written as the author of every change.
    pub author: Option<String>,
    /// Euros per developer hour.
    pub hourly_cost: Option<f64>,
    /// Euros per year.
    pub yearly_budget: Option<f64>,
    /// Years without activity after which a person is due for erasure.
    pub retention_years: Option<u32>,
    /// Days after which the dashboard reminds that no backup was made.
    pub backup_reminder_days: Option<u32>,
}

impl Config {
    pub fn load(path: &Path) -> Result<Config, Message> {
        match std::fs::read_to_string(path) {
            Ok(text) => toml::from_str(&text).map_err(|err| {
                Message::new("error.config.parse")
                    .arg("path", path.display())
                    .arg("error", err.message().trim())
            }),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(err) => Err(Message::new("error.config.read")
                .arg("path", path.display())
                .arg("error", err)),
        }
    }

    pub fn hourly_cost(&self) -> f64 {
        self.hourly_cost.unwrap_or(DEFAULT_HOURLY_COST)
    }

    pub fn yearly_budget(&self) -> f64 {
        self.yearly_budget.unwrap_or(DEFAULT_YEARLY_BUDGET)
    }

    pub fn retention_years(&self) -> u32 {
        self.retention_years.unwrap_or(DEFAULT_RETENTION_YEARS)
    }

    pub fn backup_reminder_days(&self) -> u32 {
        self.backup_reminder_days
            .unwrap_or(DEFAULT_BACKUP_REMINDER_DAYS)
    }
}

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("fr", "Relais", "relais")
}

/// `~/.local/share/relais/relais.db` on Linux (or the platform's equivalent).
pub fn default_database_path() -> PathBuf {
    match project_dirs() {
        Some(dirs) => dirs.data_dir().join("relais.db"),
        None => PathBuf::from("relais.db"),
    }
}

/// Refuses a database path whose folder does not exist, unless it is the
/// default one (Relais creates its own data folder): a mistyped `--db`
/// must not silently create folders. `relais init` may create them.
pub fn check_database_folder(path: &Path) -> Result<(), super::AppError> {
    let folder = path
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty());
    match folder {
        Some(folder) if !folder.is_dir() && path != default_database_path() => {
            Err(super::AppError::refused(
                Message::new("error.config.missing_folder").arg("path", folder.display()),
            ))
        }
        _ => Ok(()),
    }
}

/// `~/.config/relais/config.toml` on Linux.
pub fn default_config_path() -> PathBuf {
    match project_dirs() {
        Some(dirs) => dirs.config_dir().join("config.toml"),
        None => PathBuf::from("relais.toml"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_means_defaults_and_bad_file_names_itself() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        assert_eq!(Config::load(&path).unwrap(), Config::default());
        std::fs::write(
            &path,
            "lang = \"fr\"\nauthor = \"Anne\"\nyearly_budget = 300000.0\n",
        )
        .unwrap();
        let config = Config::load(&path).unwrap();
        assert_eq!(config.lang.as_deref(), Some("fr"));
        assert_eq!(config.yearly_budget(), 300_000.0);
        assert_eq!(config.hourly_cost(), DEFAULT_HOURLY_COST);
        std::fs::write(&path, "colour = 3\n").unwrap();
        assert_eq!(Config::load(&path).unwrap_err().key, "error.config.parse");
    }
}
