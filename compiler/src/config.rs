//! Project settings from `journey.toml`: lint levels and the KPI limits.
//!
//! ```toml
//! [lints]
//! unused-declaration = "allow"   # or the code: W0001 = "allow"
//! pain-without-opportunity = "warn"
//!
//! [kpi]
//! max-per-journey = 4
//! max-per-stage = 2
//!
//! [use]
//! allow = ["../shared"]          # folders outside the project `use` may read
//! ```

use crate::diagnostic::{Code, Diagnostic, Severity};
use std::collections::BTreeMap;

/// What to do with a lint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LintLevel {
    Allow,
    Info,
    Warn,
    Deny,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub levels: BTreeMap<Code, LintLevel>,
    pub max_journey_kpis: usize,
    pub max_stage_kpis: usize,
    /// `[use] allow`: folders outside the project that `use` may read, as
    /// written (relative to the folder of `journey.toml`). Whoever reads the
    /// disk resolves them (the compiler does no IO).
    pub use_allow: Vec<String>,
}

impl Default for Config {
    fn default() -> Config {
        Config { levels: BTreeMap::new(), max_journey_kpis: 4, max_stage_kpis: 2, use_allow: Vec::new() }
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    lints: BTreeMap<String, String>,
    #[serde(default)]
    kpi: Option<KpiLimits>,
    #[serde(default, rename = "use")]
    uses: Option<UseSettings>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct UseSettings {
    #[serde(default)]
    allow: Vec<String>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct KpiLimits {
    max_per_journey: Option<usize>,
    max_per_stage: Option<usize>,
}

/// Text from the settings as a message shows it: one line, hidden
/// characters escaped, at most 100 characters.
fn shown(text: &str) -> String {
    let escaped = crate::unicode::escape_hidden(text, true);
    match escaped.char_indices().nth(100) {
        Some((cut, _)) => format!("{}…", &escaped[..cut]),
        None => escaped.into_owned(),
    }
}

impl Config {
    /// Reads the text of a `journey.toml`. The error is a sentence for the user,
    /// with what it quotes of the file on one line, hidden characters escaped.
    pub fn parse(text: &str) -> Result<Config, String> {
        // The error's own text quotes the offending line: only its place and
        // its words are kept, so a settings file never has its content shown.
        let file: File = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
            let message = shown(e.message().trim_end());
            line.map_or_else(|| message.clone(), |line| format!("line {line}: {message}"))
        })?;
        let mut config = Config::default();
        for (key, level) in file.lints {
            let (key, level) = (shown(&key), shown(&level));
            let code =
                Code::parse(&key).ok_or_else(|| format!("unknown lint `{key}` in [lints]; run `journey explain` to list the codes"))?;
            if !code.is_lint() {
                return Err(format!("`{key}` ({code}) is an error and can't be changed; only warnings and infos (W…, I…) can"));
            }
            let level = match level.as_str() {
                "allow" => LintLevel::Allow,
                "info" => LintLevel::Info,
                "warn" => LintLevel::Warn,
                "deny" => LintLevel::Deny,
                other => return Err(format!("unknown level `{other}` for `{key}`; expected allow, info, warn or deny")),
            };
            config.levels.insert(code, level);
        }
        if let Some(kpi) = file.kpi {
            config.max_journey_kpis = kpi.max_per_journey.unwrap_or(config.max_journey_kpis);
            config.max_stage_kpis = kpi.max_per_stage.unwrap_or(config.max_stage_kpis);
        }
        if let Some(uses) = file.uses {
            if let Some(empty) = uses.allow.iter().find(|a| a.trim().is_empty()) {
                return Err(format!("`[use] allow` has an empty folder name ({empty:?}); write `\".\"` for the project's own folder"));
            }
            config.use_allow = uses.allow;
        }
        Ok(config)
    }

    /// Applies the lint levels: drops allowed lints, changes severities.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        diagnostics
            .into_iter()
            .filter_map(|mut d| {
                match self.levels.get(&d.code) {
                    None => {}
                    Some(LintLevel::Allow) => return None,
                    Some(LintLevel::Info) => d.severity = Severity::Info,
                    Some(LintLevel::Warn) => d.severity = Severity::Warning,
                    Some(LintLevel::Deny) => d.severity = Severity::Error,
                }
                Some(d)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_levels_by_code_or_name() {
        let config = Config::parse("[lints]\nW0001 = \"allow\"\nstep-without-channel = \"deny\"\n[kpi]\nmax-per-stage = 3\n").unwrap();
        assert_eq!(config.levels[&Code::Unused], LintLevel::Allow);
        assert_eq!(config.levels[&Code::NoChannel], LintLevel::Deny);
        assert_eq!(config.max_stage_kpis, 3);
        assert_eq!(config.max_journey_kpis, 4);
        let config = Config::parse("[use]\nallow = [\"../shared\", \"/opt/maps\"]\n").unwrap();
        assert_eq!(config.use_allow, ["../shared", "/opt/maps"]);
        assert!(Config::parse("[use]\nallow = [\"\"]\n").is_err());
        assert!(Config::parse("[use]\nroots = []\n").is_err());
    }

    /// What a message quotes of the settings never moves a terminal's cursor.
    #[test]
    fn quoted_settings_are_escaped() {
        let error = Config::parse("[lints]\nW0001 = \"deny\\rok: 1 file checked, no problems\"\n").unwrap_err();
        assert!(!error.contains('\r') && error.contains("\\u{d}ok"), "{error}");
        let error = Config::parse(&format!("[lints]\n\"{}\" = \"deny\"\n", "x".repeat(5000))).unwrap_err();
        assert!(error.len() < 300, "{error}");
    }

    #[test]
    fn errors_cannot_be_allowed() {
        assert!(Config::parse("[lints]\nE0010 = \"allow\"").unwrap_err().contains("can't be changed"));
        assert!(Config::parse("[lints]\nW0001 = \"loud\"").is_err());
        assert!(Config::parse("[colours]\n").is_err());
        // Never the file's text in the message.
        let error = Config::parse("root:x:0:0:root:/root:/bin/bash\n").unwrap_err();
        assert!(!error.contains("/bin/bash") && error.starts_with("line 1: "), "{error}");
    }
}
