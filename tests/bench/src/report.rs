//! The benchmark report: entries of (name, value, unit, baseline), as JSON
//! and as a table.

use serde::{Deserialize, Serialize};
use std::path::Path;

/// One measurement.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// What was measured.
    pub name: String,
    /// The figure.
    pub value: f64,
    /// Its unit.
    pub unit: String,
    /// What it is compared with, when anything: (name, value).
    pub baseline: Option<Baseline>,
    /// The goal, in words, when there is one.
    pub goal: Option<String>,
}

/// The figure an entry is compared with.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Baseline {
    /// What the baseline is.
    pub name: String,
    /// Its figure, same unit.
    pub value: f64,
}

/// All measurements of a run.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Report {
    /// The measurements, in order.
    pub entries: Vec<Entry>,
}

impl Report {
    /// Add a plain figure.
    pub fn add(&mut self, name: &str, value: f64, unit: &str) {
        self.entries.push(Entry {
            name: name.into(),
            value,
            unit: unit.into(),
            baseline: None,
            goal: None,
        });
    }

    /// Add a figure compared with a baseline, and its goal.
    pub fn compare(
        &mut self,
        name: &str,
        value: f64,
        unit: &str,
        baseline: (&str, f64),
        goal: &str,
    ) {
        self.entries.push(Entry {
            name: name.into(),
            value,
            unit: unit.into(),
            baseline: Some(Baseline {
                name: baseline.0.into(),
                value: baseline.1,
            }),
            goal: Some(goal.into()),
        });
    }

    /// Read a JSON report written by [`Report::write`].
    pub fn read(path: &Path) -> anyhow::Result<Report> {
        Ok(serde_json::from_str(&std::fs::read_to_string(path)?)?)
    }

    /// Write the JSON report.
    pub fn write(&self, path: &Path) -> anyhow::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, serde_json::to_string_pretty(self)?)?;
        Ok(())
    }

    /// Print the table.
    pub fn print(&self) {
        println!(
            "{:<52} {:>14} {:<8} {:<34} GOAL",
            "MEASUREMENT", "VALUE", "UNIT", "BASELINE"
        );
        for e in &self.entries {
            let baseline = e
                .baseline
                .as_ref()
                .map(|b| format!("{} = {}", b.name, fmt(b.value)))
                .unwrap_or_default();
            println!(
                "{:<52} {:>14} {:<8} {:<34} {}",
                e.name,
                fmt(e.value),
                e.unit,
                baseline,
                e.goal.as_deref().unwrap_or("")
            );
        }
    }
}

fn fmt(v: f64) -> String {
    if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}
