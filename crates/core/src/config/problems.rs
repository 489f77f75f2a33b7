//! Everything wrong with a configuration, collected so that `check-config` reports it all
//! at once instead of one problem per run.

use std::fmt;

#[derive(Debug, Default)]
pub struct Problems(Vec<String>);

impl Problems {
    /// Notes `problem` unless `fine`.
    pub fn need(&mut self, fine: bool, problem: impl FnOnce() -> String) {
        if !fine {
            self.0.push(problem());
        }
    }

    pub fn add(&mut self, problem: impl fmt::Display) {
        self.0.push(problem.to_string());
    }

    /// Notes the error of `checked`, if any, with its causes.
    pub fn check<T>(&mut self, checked: anyhow::Result<T>) -> Option<T> {
        checked.map_err(|e| self.add(format!("{e:#}"))).ok()
    }

    pub fn extend(&mut self, other: Problems) {
        self.0.extend(other.0);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn list(&self) -> &[String] {
        &self.0
    }

    /// Ok when there is nothing wrong; else one error listing every problem in `file`.
    pub fn into_result(self, file: &str) -> anyhow::Result<()> {
        if self.is_empty() {
            return Ok(());
        }
        Err(anyhow::anyhow!(Report {
            file,
            problems: &self
        }
        .to_string()))
    }
}

/// "FILE: 2 problems:" and one line per problem.
pub struct Report<'a> {
    pub file: &'a str,
    pub problems: &'a Problems,
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list = self.problems.list();
        match list {
            [one] => write!(f, "{}: {one}", self.file),
            _ => {
                write!(f, "{}: {} problems:", self.file, list.len())?;
                for problem in list {
                    write!(f, "\n  - {problem}")?;
                }
                Ok(())
            }
        }
    }
}
