//! Settings people can see and change (`relais config show|path|set`): each
//! key is validated with a message that says what is accepted, and the file
//! is rewritten whole (temporary file, then rename) so a crash never leaves
//! half a configuration.

use super::config::{
    Config, DEFAULT_BACKUP_REMINDER_DAYS, DEFAULT_HOURLY_COST, DEFAULT_RETENTION_YEARS,
    DEFAULT_YEARLY_BUDGET,
};
use super::{AppError, AppResult};
use crate::i18n::{Lang, Message};
use serde::Serialize;
use std::path::Path;

/// A setting of `config.toml`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConfigKey {
    Lang,
    Author,
    HourlyCost,
    YearlyBudget,
    RetentionYears,
    BackupReminderDays,
}

impl ConfigKey {
    pub const ALL: [ConfigKey; 6] = [
        ConfigKey::Lang,
        ConfigKey::Author,
        ConfigKey::HourlyCost,
        ConfigKey::YearlyBudget,
        ConfigKey::RetentionYears,
        ConfigKey::BackupReminderDays,
    ];

    /// The key as written in the file and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ConfigKey::Lang => "lang",
            ConfigKey::Author => "author",
            ConfigKey::HourlyCost => "hourly_cost",
            ConfigKey::YearlyBudget => "yearly_budget",
            ConfigKey::RetentionYears => "retention_years",
            ConfigKey::BackupReminderDays => "backup_reminder_days",
        }
    }

    pub fn parse(name: &str) -> AppResult<ConfigKey> {
        let wanted = name.trim().replace('-', "_");
        ConfigKey::ALL
            .into_iter()
            .find(|key| key.name() == wanted)
            .ok_or_else(|| {
                let known: Vec<&str> = ConfigKey::ALL.iter().map(|key| key.name()).collect();
                AppError::refused(
                    Message::new("config.unknown_key")
                        .arg("key", name)
                        .arg("known", known.join(", ")),
                )
            })
    }
}

/// One setting as `config show` lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Setting {
    pub key: ConfigKey,
    /// What is in force (the file's value, else the default).
    pub value: String,
    /// Whether the value comes from the file rather than the default.
    pub set: bool,
}

fn invalid(key: ConfigKey, value: &str, rule: &'static str) -> AppError {
    AppError::refused(
        Message::new("config.invalid")
            .arg("key", key.name())
            .arg("value", value)
            .arg_message("rule", Message::new(rule)),
    )
}

fn number(key: ConfigKey, value: &str, max: f64) -> AppResult<f64> {
    let parsed: f64 = value
        .trim()
        .replace(['\u{202f}', '\u{a0}', ' '], "")
        .replace(',', ".")
        .parse()
        .map_err(|_| invalid(key, value, "config.rule.amount"))?;
    if !parsed.is_finite() || parsed < 0.0 || parsed > max {
        return Err(invalid(key, value, "config.rule.amount"));
    }
    Ok(parsed)
}

fn whole(key: ConfigKey, value: &str, min: u32, max: u32, rule: &'static str) -> AppResult<u32> {
    match value.trim().parse::<u32>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(invalid(key, value, rule)),
    }
}

impl Config {
    /// Every setting with the value in force.
    pub fn settings(&self) -> Vec<Setting> {
        ConfigKey::ALL
            .into_iter()
            .map(|key| {
                let (value, set) = match key {
                    ConfigKey::Lang => (
                        self.lang.clone().unwrap_or_else(|| "auto".into()),
                        self.lang.is_some(),
                    ),
                    ConfigKey::Author => (
                        self.author.clone().unwrap_or_default(),
                        self.author.is_some(),
                    ),
                    ConfigKey::HourlyCost => (
                        self.hourly_cost.unwrap_or(DEFAULT_HOURLY_COST).to_string(),
                        self.hourly_cost.is_some(),
                    ),
                    ConfigKey::YearlyBudget => (
                        self.yearly_budget
                            .unwrap_or(DEFAULT_YEARLY_BUDGET)
                            .to_string(),
                        self.yearly_budget.is_some(),
                    ),
                    ConfigKey::RetentionYears => (
                        self.retention_years
                            .unwrap_or(DEFAULT_RETENTION_YEARS)
                            .to_string(),
                        self.retention_years.is_some(),
                    ),
                    ConfigKey::BackupReminderDays => (
                        self.backup_reminder_days
                            .unwrap_or(DEFAULT_BACKUP_REMINDER_DAYS)
                            .to_string(),
                        self.backup_reminder_days.is_some(),
                    ),
                };
                Setting { key, value, set }
            })
            .collect()
    }

    /// Sets one key from what a person typed; an empty value goes back to
    /// the default.
    pub fn set(&mut self, key: ConfigKey, value: &str) -> AppResult<()> {
        let value = value.trim();
        if value.is_empty() {
            self.clear(key);
            return Ok(());
        }
        match key {
            ConfigKey::Lang => {
                let lang =
                    Lang::from_tag(value).ok_or_else(|| invalid(key, value, "config.rule.lang"))?;
                self.lang = Some(lang.code().to_string());
            }
            ConfigKey::Author => {
                if value.chars().count() > 100 || value.chars().any(char::is_control) {
                    return Err(invalid(key, value, "config.rule.author"));
                }
                self.author = Some(value.to_string());
            }
            ConfigKey::HourlyCost => self.hourly_cost = Some(number(key, value, 10_000.0)?),
            ConfigKey::YearlyBudget => {
                self.yearly_budget = Some(number(key, value, 1_000_000_000.0)?)
            }
            ConfigKey::RetentionYears => {
                self.retention_years = Some(whole(key, value, 1, 30, "config.rule.years")?)
            }
            ConfigKey::BackupReminderDays => {
                self.backup_reminder_days = Some(whole(key, value, 1, 365, "config.rule.days")?)
            }
        }
        Ok(())
    }

    fn clear(&mut self, key: ConfigKey) {
        match key {
            ConfigKey::Lang => self.lang = None,
            ConfigKey::Author => self.author = None,
            ConfigKey::HourlyCost => self.hourly_cost = None,
            ConfigKey::YearlyBudget => self.yearly_budget = None,
            ConfigKey::RetentionYears => self.retention_years = None,
            ConfigKey::BackupReminderDays => self.backup_reminder_days = None,
        }
    }

    /// Writes the settings to `path` (its folder created if needed).
    pub fn save(&self, path: &Path) -> AppResult<()> {
        let io = |err| AppError::from(crate::store::StoreError::Io(path.to_path_buf(), err));
        let text = toml::to_string(self).map_err(|err| {
            AppError::refused(Message::new("error.internal").arg("what", err.to_string()))
        })?;
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        let temp = path.with_extension("toml.partial");
        std::fs::write(&temp, text).map_err(io)?;
        std::fs::rename(&temp, path).map_err(io)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_refuses_what_it_cannot_hold_and_accepts_french_numbers() {
        let mut config = Config::default();
        for (key, bad) in [
            (ConfigKey::Lang, "de"),
            (ConfigKey::Author, "a\u{1b}[31m"),
            (ConfigKey::HourlyCost, "cher"),
            (ConfigKey::YearlyBudget, "-5"),
            (ConfigKey::RetentionYears, "0"),
            (ConfigKey::BackupReminderDays, "1000"),
        ] {
            let err = config.set(key, bad).expect_err(bad);
            assert_eq!(err.message().key, "config.invalid", "{key:?}");
        }
        assert_eq!(config, Config::default(), "nothing set by a refusal");
        config.set(ConfigKey::HourlyCost, "47,5").expect("comma");
        config
            .set(ConfigKey::YearlyBudget, "280 000")
            .expect("spaces");
        config.set(ConfigKey::Lang, "FR").expect("case");
        assert_eq!(config.hourly_cost(), 47.5);
        assert_eq!(config.yearly_budget(), 280_000.0);
        assert_eq!(config.lang.as_deref(), Some("fr"));
        config
            .set(ConfigKey::HourlyCost, "")
            .expect("back to default");
        assert_eq!(config.hourly_cost, None);
        assert!(ConfigKey::parse("hourly-cost").is_ok());
        assert_eq!(
            ConfigKey::parse("colour")
                .expect_err("unknown")
                .message()
                .key,
            "config.unknown_key"
        );
    }

    #[test]
    fn saved_settings_read_back() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("sub").join("config.toml");
        let mut config = Config::default();
        config
            .set(ConfigKey::Author, "Anne Martin")
            .expect("author");
        config
            .set(ConfigKey::BackupReminderDays, "14")
            .expect("days");
        config.save(&path).expect("save");
        assert_eq!(Config::load(&path).expect("load"), config);
    }
}
