//! Helpers shared by the integration tests: running the real `journey`
//! binary, and reading `// expect:` headers.
#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The repository root (where `Cargo.toml`, `examples/` and `tests/` live).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `journey` binary under test: this build's, or the one `JOURNEY_BIN`
/// names (to show that a regression test fails on an older build).
pub fn binary() -> String {
    std::env::var("JOURNEY_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_journey").to_string())
}

/// Runs `journey ARGS` in `dir` with colours off and no stdin.
pub fn journey_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(binary()).args(args).current_dir(dir).env("NO_COLOR", "1").stdin(Stdio::null()).output().expect("the journey binary runs")
}

/// Runs `journey ARGS` in `dir` with `input` on stdin (a page, a book from mdBook).
pub fn journey_with_stdin(dir: &Path, args: &[&str], input: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(binary())
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the journey binary runs");
    // A command that fails early may close stdin first: that is its answer, not the test's failure.
    let _ = child.stdin.take().expect("stdin is piped").write_all(input.as_bytes());
    child.wait_with_output().expect("the journey binary ends")
}

/// Runs `journey ARGS` at the repository root.
pub fn journey(args: &[&str]) -> Output {
    journey_in(&root(), args)
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// One `// expect:` line of a fixture.
#[derive(Debug, Clone, PartialEq)]
pub enum Expect {
    /// `error line N "TEXT"` / `warning line N "TEXT"`.
    At { severity: String, line: usize, text: Option<String> },
    /// `no error`: the build succeeds.
    NoError,
}

/// Reads the `// expect:` lines at the top of a file.
pub fn expectations(text: &str) -> Vec<Expect> {
    let mut found = Vec::new();
    for line in text.lines() {
        // `// expect: …` in a .journey file, `<!-- expect: … -->` in a Markdown page.
        let html = line.trim().strip_prefix("<!-- expect:").map(|r| r.trim_end().trim_end_matches("-->"));
        let Some(rest) = line.trim().strip_prefix("// expect:").or(html) else {
            if line.trim().is_empty() || line.trim().starts_with("//") {
                continue;
            }
            break;
        };
        let rest = rest.trim();
        if rest == "no error" {
            found.push(Expect::NoError);
            continue;
        }
        let mut words = rest.splitn(4, ' ');
        let severity = words.next().expect("a severity").to_string();
        assert_eq!(words.next(), Some("line"), "malformed expectation: {line}");
        let number: usize = words.next().and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("malformed expectation: {line}"));
        let text = words.next().map(|t| t.trim().trim_matches('"').to_string());
        found.push(Expect::At { severity, line: number, text });
    }
    found
}

/// The diagnostics `journey check --message-format json PATH` prints, parsed.
pub fn json_diagnostics(path: &str, extra: &[&str]) -> (Output, Vec<serde_json::Value>) {
    let mut args = checking(path);
    args.extend(["--message-format", "json"].map(String::from));
    args.extend(extra.iter().map(|e| e.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = journey(&args);
    let diagnostics = stdout(&output).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"))).collect();
    (output, diagnostics)
}

/// The command that checks a fixture: `journey check` for maps, `journey
/// markdown --check` for a Markdown page's fences, and what a
/// `// command: build --format png` line at the top asks for (a problem
/// only a build finds), into a scratch folder.
pub fn checking(path: &str) -> Vec<String> {
    if path.ends_with(".md") {
        return vec!["markdown".into(), "--check".into(), path.into()];
    }
    let text = std::fs::read_to_string(root().join(path)).unwrap_or_default();
    let asked = text.lines().take_while(|l| l.starts_with("//")).find_map(|l| l.strip_prefix("// command: "));
    match asked {
        Some(command) => {
            let mut words: Vec<String> = command.split_whitespace().map(String::from).collect();
            words.insert(1, path.into());
            let out = std::env::temp_dir().join(format!("journey-fixture-{}", std::process::id()));
            words.extend(["-o".into(), out.to_string_lossy().into_owned()]);
            words
        }
        None => vec!["check".into(), path.into()],
    }
}

/// Checks a fixture's expectations against what `journey check` reports;
/// returns a list of unmet expectations (empty when all hold).
pub fn unmet(path: &str, expectations: &[Expect]) -> Vec<String> {
    let (output, diagnostics) = json_diagnostics(path, &[]);
    let mut problems = Vec::new();
    let no_error = expectations.contains(&Expect::NoError);
    let code = output.status.code();
    if no_error && code != Some(0) {
        problems.push(format!("expected success, exit status {code:?}"));
    }
    let wants_error = expectations.iter().any(|e| matches!(e, Expect::At { severity, .. } if severity == "error"));
    if wants_error && code != Some(1) {
        problems.push(format!("expected exit status 1, got {code:?}"));
    }
    for expectation in expectations {
        let Expect::At { severity, line, text } = expectation else { continue };
        let hit = diagnostics.iter().any(|d| {
            let labels = d["labels"].as_array().into_iter().flatten().map(|l| l["message"].as_str().unwrap_or(""));
            let words = std::iter::once(d["message"].as_str().unwrap_or(""))
                .chain(std::iter::once(d["primary"]["message"].as_str().unwrap_or("")))
                .chain(labels)
                .collect::<Vec<_>>()
                .join("\n")
                .to_lowercase();
            d["severity"] == severity.as_str()
                && d["primary"]["line"] == *line
                && text.as_ref().is_none_or(|t| words.contains(&t.to_lowercase()))
        });
        if !hit {
            problems.push(format!("no {severity} on line {line} mentioning {text:?}; got:\n{}", stdout(&output)));
        }
    }
    problems
}

/// A fresh directory under the system's temporary directory, removed on drop.
/// Unique per process and call, so tests running in parallel never share one.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(what: &str) -> Scratch {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let name = format!("journey-test-{what}-{}-{}-{nanos}", std::process::id(), COUNT.fetch_add(1, Ordering::Relaxed));
        let path = std::env::temp_dir().join(name);
        std::fs::create_dir_all(&path).expect("a temporary directory can be created");
        Scratch(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    pub fn str(&self) -> &str {
        self.0.to_str().expect("temporary paths are UTF-8")
    }

    /// The names of the entries of the directory, sorted.
    pub fn entries(&self) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(&self.0).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    /// The paths of the entries of the directory, sorted.
    pub fn files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.0).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        files
    }

    /// The bytes of a file in the directory.
    pub fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.0.join(name)).unwrap_or_else(|e| panic!("{name} was not written: {e}"))
    }

    /// Writes a file into the directory and returns the directory.
    pub fn write(&self, name: &str, bytes: &[u8]) -> &Path {
        std::fs::write(self.0.join(name), bytes).expect("a temporary file can be written");
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What one guarded run of the binary gave.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    /// The process's peak resident memory, in KiB.
    pub peak_kib: u64,
}

impl Run {
    /// The `--message-format json` diagnostics.
    pub fn diagnostics(&self) -> Vec<serde_json::Value> {
        self.stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"))).collect()
    }

    pub fn codes(&self) -> Vec<String> {
        self.diagnostics().iter().map(|d| d["code"].as_str().unwrap_or("?").to_string()).collect()
    }

    pub fn describe(&self) -> String {
        let cut = |s: &str| s.chars().take(3000).collect::<String>();
        format!("exit {:?}, peak {} KiB\nstdout: {}\nstderr: {}", self.code, self.peak_kib, cut(&self.stdout), cut(&self.stderr))
    }
}

/// Runs `journey ARGS` in `dir` with colours off; kills it and fails the
/// test if it runs longer than `limit`: a hang guard, not a speed target.
pub fn run(dir: &Path, args: &[&str], limit: Duration) -> Run {
    run_command(Command::new(binary()).args(args), dir, &format!("journey {}", args.join(" ")), limit)
}

/// [`run`] for any command (a shell around `journey`).
pub fn run_command(command: &mut Command, dir: &Path, what: &str, limit: Duration) -> Run {
    let mut child = command
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the command starts");
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut buffer = Vec::new();
        let _ = out.read_to_end(&mut buffer);
        buffer
    });
    let err_reader = std::thread::spawn(move || {
        let mut buffer = Vec::new();
        let _ = err.read_to_end(&mut buffer);
        buffer
    });
    let (code, peak_kib) = wait_measured(&mut child, limit).unwrap_or_else(|| panic!("`{what}` hung: no answer after {limit:?}"));
    let stdout = String::from_utf8_lossy(&out_reader.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned();
    Run { code, stdout, stderr, peak_kib }
}

/// Waits for a child, sampling its peak memory (`VmHWM` in
/// `/proc/PID/status`: the memory of the program itself, where `wait4`'s
/// figure would count the test process it was forked from); kills it after
/// `limit` (then `None`). The exit code is `None` for a signal.
pub fn wait_measured(child: &mut std::process::Child, limit: Duration) -> Option<(Option<i32>, u64)> {
    let status_file = format!("/proc/{}/status", child.id());
    let started = Instant::now();
    let mut peak = 0;
    loop {
        if let Ok(text) = std::fs::read_to_string(&status_file) {
            let hwm = text.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok());
            peak = peak.max(hwm.unwrap_or(0));
        }
        if let Some(status) = child.try_wait().expect("waitable") {
            return Some((status.code(), peak));
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// A journey walked by `count` personas: the size that once made layout,
/// the Mermaid writer and the preview quadratic (issue 8).
pub fn many_personas(count: usize) -> String {
    let mut text = String::with_capacity(count * 40);
    for i in 0..count {
        text.push_str(&format!("persona p{i} \"Persona {i}\"\n"));
    }
    text.push_str("channel web \"Web\"\njourney j \"J\" {\n  persona ");
    text.push_str(&(0..count).map(|i| format!("p{i}")).collect::<Vec<_>>().join(", "));
    text.push_str("\n  stage s \"S\" {\n    step a \"A\" { channel web; feels happy }\n  }\n}\n");
    text
}
