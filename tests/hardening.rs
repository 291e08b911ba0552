//! The promises to a CI that builds maps from pull requests, each tried the
//! way an attacker or an unlucky user would: no read outside the project,
//! no hang or runaway memory on special files, no panic on a closed pipe,
//! no raw control character on a terminal, no mixed or half-written set of
//! outputs, no quadratic path. Every run has a hang guard (a limit far above
//! the normal time, so a regression fails instead of hanging CI); the
//! speed targets themselves are in `benches/hostile.rs`.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

/// A run that should answer at once: anything slower is a hang.
const AT_ONCE: Duration = Duration::from_secs(20);

/// What a secret outside the project holds; no output may ever show it.
const SECRET: &str = "TOP-SECRET-do-not-print";

fn journey_text(persona: &str) -> String {
    format!("persona {persona} \"P\"\nchannel web \"Web\"\njourney j \"J\" {{\n  persona {persona}\n  stage s \"S\" {{\n    step a \"A\" {{ channel web; feels happy }}\n  }}\n}}\n")
}

fn mkfifo(path: &Path) {
    let c_path = std::ffi::CString::new(path.to_str().expect("UTF-8 path")).expect("no NUL");
    // SAFETY: a valid, NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o644) }, 0, "mkfifo {}", path.display());
}

/// Every output of `journey check` in every message format, and of a build.
fn every_output(dir: &Path, path: &str) -> Vec<(String, Run)> {
    let mut runs = Vec::new();
    for format in ["human", "short", "json", "github", "sarif"] {
        runs.push((format.to_string(), run(dir, &["check", path, "--message-format", format], AT_ONCE)));
    }
    runs.push(("build".into(), run(dir, &["build", path, "--format", "json,svg", "-o", "out"], AT_ONCE)));
    runs
}

// ─────────────────────────── 1. The project's boundary ───────────────────────────

#[test]
fn use_never_reads_outside_the_project() {
    let dir = Scratch::new("outside");
    std::fs::create_dir_all(dir.join("project/maps")).unwrap();
    // Secrets beside the project: one that looks like text, one like a journey.
    dir.write("secret.txt", format!("{SECRET}: the first line\n").as_bytes());
    dir.write("secret.journey", format!("team {SECRET} \"{SECRET}\"\n").as_bytes());
    let absolute = dir.join("secret.txt");
    let main = format!("use \"../../secret.txt\"\nuse \"{}\"\nuse \"link.journey\"\n{}", absolute.display(), journey_text("ana"));
    dir.write("project/maps/main.journey", main.as_bytes());
    // A link inside the project that leads out of it, `use`d and found by the search.
    std::os::unix::fs::symlink(dir.join("secret.journey"), dir.join("project/maps/link.journey")).unwrap();
    std::os::unix::fs::symlink(dir.join("secret.txt"), dir.join("project/maps/found.journey")).unwrap();

    for (what, run) in every_output(&dir.join("project"), "maps") {
        assert_eq!(run.code, Some(1), "{what}: {}", run.describe());
        assert!(!run.stdout.contains(SECRET) && !run.stderr.contains(SECRET), "{what} shows the secret: {}", run.describe());
    }
    let run = run(&dir.join("project"), &["check", "maps", "--message-format", "json"], AT_ONCE);
    let outside: Vec<(u64, String)> = run
        .diagnostics()
        .iter()
        .filter(|d| d["code"] == "E0032")
        .map(|d| (d["primary"]["line"].as_u64().unwrap(), d["primary"]["file"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(
        outside,
        // The links are refused in themselves (the search finds them) and at the `use` that names one.
        [
            (1, "maps/found.journey".to_string()),
            (1, "maps/link.journey".into()),
            (1, "maps/main.journey".into()),
            (2, "maps/main.journey".into()),
            (3, "maps/main.journey".into())
        ],
        "{}",
        run.describe()
    );
    assert!(!dir.join("project/out").exists(), "a build with errors writes nothing");
}

#[test]
fn the_project_is_the_folder_of_journey_toml_and_may_allow_more() {
    let dir = Scratch::new("allow");
    std::fs::create_dir_all(dir.join("project/maps")).unwrap();
    std::fs::create_dir_all(dir.join("shared")).unwrap();
    dir.write("project/people.journey", b"persona ana \"Ana\"\n");
    dir.write("shared/channels.journey", b"channel web \"Web\"\n");
    let main = "use \"../people.journey\"\nuse \"../../shared/channels.journey\"\njourney j \"J\" {\n  persona ana\n  stage s \"S\" {\n    step a \"A\" { channel web; feels happy }\n  }\n}\n";
    dir.write("project/maps/main.journey", main.as_bytes());
    let project = dir.join("project");
    // Without settings the project is `maps`: both `use`s reach out of it.
    let refused = run(&project, &["check", "maps/main.journey", "--message-format", "json"], AT_ONCE);
    assert_eq!(refused.codes().iter().filter(|c| *c == "E0032").count(), 2, "{}", refused.describe());
    // `journey.toml` makes its folder the project; `[use] allow` adds `shared`.
    dir.write("project/journey.toml", b"[use]\nallow = [\"../shared\"]\n");
    let allowed = run(&project, &["check", "maps/main.journey"], AT_ONCE);
    assert_eq!(allowed.code, Some(0), "{}", allowed.describe());
}

#[test]
fn settings_links_and_folder_links_never_widen_the_project() {
    let dir = Scratch::new("links");
    std::fs::create_dir_all(dir.join("home/work/repo")).unwrap();
    dir.write("home/secret.journey", format!("team {SECRET} \"x\"\n").as_bytes());
    dir.write("home/passwd", format!("{SECRET}:x:0:0\n").as_bytes());
    let repo = dir.join("home/work/repo");
    // `journey.toml` a link to a file elsewhere: not read, its text never shown.
    std::os::unix::fs::symlink(dir.join("home/passwd"), repo.join("journey.toml")).unwrap();
    dir.write("home/work/repo/a.journey", journey_text("ana").as_bytes());
    let linked = run(&repo, &["check", "a.journey"], AT_ONCE);
    assert_eq!(linked.code, Some(2), "{}", linked.describe());
    assert!(unwrapped(&linked.stderr).contains(&unwrapped("is a link that leads out of its folder")), "{}", linked.describe());
    assert!(!linked.stderr.contains(SECRET), "{}", linked.describe());
    std::fs::remove_file(repo.join("journey.toml")).unwrap();
    // A settings file that is not TOML: a line number, never its text.
    dir.write("home/work/repo/journey.toml", format!("{SECRET}:x:0:0\n").as_bytes());
    let bad = run(&repo, &["check", "a.journey"], AT_ONCE);
    assert_eq!(bad.code, Some(2), "{}", bad.describe());
    assert!(bad.stderr.contains("line 1") && !bad.stderr.contains(SECRET), "{}", bad.describe());
    // Escape sequences in a key are shown as escapes.
    dir.write("home/work/repo/journey.toml", b"[lints]\n\"\\u001b]0;pwned\\u0007\" = \"deny\"\n");
    let escaped = run(&repo, &["check", "a.journey"], AT_ONCE);
    assert_eq!(escaped.code, Some(2), "{}", escaped.describe());
    assert!(!escaped.stderr.contains('\u{1b}') && escaped.stderr.contains(r"\u{1b}"), "{}", escaped.describe());
    std::fs::remove_file(repo.join("journey.toml")).unwrap();
    // `maps` turned into a link to `../..`: the home is not the project.
    std::os::unix::fs::symlink("../..", repo.join("maps")).unwrap();
    dir.write("home/work/repo/main.journey", format!("use \"maps/secret.journey\"\n{}", journey_text("ana")).as_bytes());
    let through = run(&repo, &["check", "maps", "main.journey", "--message-format", "short"], AT_ONCE);
    assert_eq!(through.code, Some(1), "{}", through.describe());
    assert!(!through.stdout.contains(SECRET) && !through.stderr.contains(SECRET), "{}", through.describe());
    assert!(through.stdout.contains("E0032"), "{}", through.describe());
}

/// Text without its line wrapping (miette wraps long messages to the terminal's width).
fn unwrapped(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && !matches!(c, '│' | '×' | '╰' | '─' | '▶')).collect()
}

/// A folder link must not bring the settings of where it leads: those could
/// allow anything.
#[test]
fn a_folder_link_does_not_bring_settings_from_where_it_leads() {
    let dir = Scratch::new("link-settings");
    std::fs::create_dir_all(dir.join("proj")).unwrap();
    std::fs::create_dir_all(dir.join("other/sub")).unwrap();
    dir.write("other/journey.toml", b"[use]\nallow = [\"..\"]\n");
    dir.write("other/private.journey", format!("team {SECRET} \"x\"\n").as_bytes());
    dir.write("other/sub/a.journey", format!("use \"../private.journey\"\n{}", journey_text("ana")).as_bytes());
    std::os::unix::fs::symlink("../other/sub", dir.join("proj/maps")).unwrap();
    dir.write("proj/journey.toml", b"");
    let run = run(&dir.join("proj"), &["check", "maps", "--message-format", "short"], AT_ONCE);
    assert_eq!(run.code, Some(1), "{}", run.describe());
    assert!(!run.stdout.contains(SECRET) && !run.stderr.contains(SECRET), "{}", run.describe());
    assert!(run.stdout.contains("E0032"), "{}", run.describe());
}

/// Whether something outside the project exists is never told: a link to
/// a missing file out there reads the same as a link to a file out there.
#[test]
fn links_tell_nothing_of_what_is_outside() {
    let dir = Scratch::new("oracle");
    std::fs::create_dir_all(dir.join("proj")).unwrap();
    dir.write("outside.journey", b"team t \"T\"\n");
    std::os::unix::fs::symlink(dir.join("outside.journey"), dir.join("proj/there.journey")).unwrap();
    std::os::unix::fs::symlink(dir.join("missing.journey"), dir.join("proj/missing.journey")).unwrap();
    std::os::unix::fs::symlink(dir.join("nowhere/x.journey"), dir.join("proj/deep.journey")).unwrap();
    let message = |name: &str| {
        let main = format!("use \"{name}\"\n{}", journey_text("ana"));
        dir.write("proj/main.journey", main.as_bytes());
        let run = run(&dir.join("proj"), &["check", "main.journey", "--message-format", "short"], AT_ONCE);
        assert_eq!(run.code, Some(1), "{}", run.describe());
        run.stdout.replace(name, "NAME")
    };
    let there = message("there.journey");
    assert!(there.contains("E0032"), "{there}");
    assert_eq!(message("missing.journey"), there);
    assert_eq!(message("deep.journey"), there);
    // Inside the project, a missing file is just missing.
    assert!(message("absent.journey").contains("E0030"));
}

/// A link swapped back and forth while builds run (between the check of
/// the path and the open) never lets the file outside through.
#[test]
fn a_link_swapped_during_the_read_never_leaks() {
    let dir = Scratch::new("swap");
    std::fs::create_dir_all(dir.join("proj")).unwrap();
    dir.write("secret.journey", format!("team {SECRET} \"x\"\n").as_bytes());
    dir.write("proj/real.journey", b"team real \"Real\"\n");
    dir.write("proj/main.journey", format!("use \"link.journey\"\n{}", journey_text("ana")).as_bytes());
    let link = dir.join("proj/link.journey");
    std::os::unix::fs::symlink("real.journey", &link).unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let swapper = {
        let (stop, link, secret, proj) = (stop.clone(), link.clone(), dir.join("secret.journey"), dir.join("proj"));
        std::thread::spawn(move || {
            let temp = proj.join("link.tmp");
            let mut outside = false;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let _ = std::fs::remove_file(&temp);
                let target = if outside { secret.clone() } else { proj.join("real.journey") };
                let _ = std::os::unix::fs::symlink(target, &temp);
                let _ = std::fs::rename(&temp, &link); // atomic swap
                outside = !outside;
            }
        })
    };
    for _ in 0..150 {
        let run = run(&dir.join("proj"), &["check", "main.journey", "--message-format", "short"], AT_ONCE);
        assert!(!run.stdout.contains(SECRET) && !run.stderr.contains(SECRET), "the secret leaked: {}", run.describe());
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    swapper.join().unwrap();
}

/// `use "../a/common.journey"` from inside `a/` is the `common.journey`
/// already found there: loaded once, not a second file with duplicates.
#[test]
fn one_file_under_two_names_is_loaded_once() {
    let dir = Scratch::new("two-names");
    std::fs::create_dir_all(dir.join("m/a")).unwrap();
    dir.write("m/journey.toml", b"");
    dir.write("m/a/common.journey", b"persona ana \"Ana\"\nchannel web \"Web\"\n");
    let main = "use \"../a/common.journey\"\nuse \"common.journey\"\njourney j \"J\" {\n  persona ana\n  stage s \"S\" {\n    step a \"A\" { channel web; feels happy }\n  }\n}\n";
    dir.write("m/a/x.journey", main.as_bytes());
    let checked = run(&dir.join("m/a"), &["check", ".", "--message-format", "short", "--deny", "warnings"], AT_ONCE);
    assert_eq!(checked.code, Some(0), "{}", checked.describe());
    let built = run(&dir.join("m/a"), &["build", ".", "--format", "json", "-o", "out"], AT_ONCE);
    assert_eq!(built.code, Some(0), "{}", built.describe());
    assert!(!dir.join("m/a/out/common.json").exists(), "the shared file became a build of its own");
}

#[test]
fn use_reads_only_journeys() {
    let dir = Scratch::new("dotenv");
    dir.write(".env", format!("TOKEN={SECRET}\n").as_bytes());
    dir.write("main.journey", format!("use \".env\"\n{}", journey_text("ana")).as_bytes());
    let run = run(dir.path(), &["check", "main.journey", "--message-format", "short"], AT_ONCE);
    assert_eq!(run.code, Some(1), "{}", run.describe());
    assert!(run.stdout.contains("can't read `.env`: `use` reads only `.journey` files"), "{}", run.describe());
    assert!(!run.stdout.contains(SECRET), "{}", run.describe());
}

#[test]
fn odd_file_names_never_panic_a_build() {
    let dir = Scratch::new("names");
    dir.write(".journey-build-x.journey", journey_text("ana").as_bytes());
    let refused = run(dir.path(), &["build", ".journey-build-x.journey", "--format", "json", "-o", "out"], AT_ONCE);
    assert_eq!(refused.code, Some(2), "{}", refused.describe());
    assert!(refused.stderr.contains("can't be the name of an output file"), "{}", refused.describe());
    dir.write("back\\slash.journey", journey_text("bo").as_bytes());
    let built = run(dir.path(), &["build", "back\\slash.journey", "--format", "json", "-o", "out"], AT_ONCE);
    assert_eq!(built.code, Some(0), "{}", built.describe());
    assert!(dir.join("out/back\\slash.json").exists());
}

// ─────────────────────────── 2. Special files ───────────────────────────

/// A run on a special file: answered at once, in little memory, never a panic.
fn assert_refused_quickly(run: &Run, code: i32, words: &str) {
    assert_eq!(run.code, Some(code), "{}", run.describe());
    assert!(run.peak_kib < 100 * 1024, "used {} KiB: {}", run.peak_kib, run.describe());
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(all.contains(words), "expected {words:?}: {}", run.describe());
    assert!(
        !all.contains("Other(") && !all.contains("NotFound") && !all.contains("os error"),
        "Rust's words, not ours: {}",
        run.describe()
    );
}

#[test]
fn pipes_devices_and_folders_are_refused_without_waiting() {
    let dir = Scratch::new("special");
    dir.write(
        "main.journey",
        format!("use \"pipe.journey\"\nuse \"folder.journey\"\nuse \"zero.journey\"\n{}", journey_text("ana")).as_bytes(),
    );
    mkfifo(&dir.join("pipe.journey"));
    std::fs::create_dir(dir.join("folder.journey")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.join("zero.journey")).unwrap();
    dir.write("journey.toml", b"[use]\nallow = [\"/dev\"]\n"); // so that only the file type stops /dev/zero

    let checked = run(dir.path(), &["check", "main.journey", "--message-format", "short"], AT_ONCE);
    assert_refused_quickly(&checked, 1, "can't read `pipe.journey`: it is a named pipe (FIFO), not a file");
    assert!(checked.stdout.contains("can't read `folder.journey`: it is a directory, not a file"), "{}", checked.describe());
    assert!(checked.stdout.contains("can't read `zero.journey`: it is a character device, not a file"), "{}", checked.describe());

    // The folder searched: the pipe is found by its name and refused, not
    // opened; a link to a folder is refused in words (it was Rust's `Other("Is a directory …")`).
    std::os::unix::fs::symlink("folder.journey", dir.join("linked.journey")).unwrap();
    let searched = run(dir.path(), &["check", ".", "--message-format", "short"], AT_ONCE);
    assert_refused_quickly(&searched, 1, "pipe.journey:1:1: error[E0002]: can't read this file: it is a named pipe (FIFO), not a file");
    assert!(
        searched.stdout.contains("linked.journey:1:1: error[E0002]: can't read this file: it is a directory, not a file"),
        "{}",
        searched.describe()
    );
    let formatted = run(dir.path(), &["fmt", "--check", "."], AT_ONCE);
    assert_refused_quickly(&formatted, 1, "not formatted: it is a named pipe (FIFO), not a file");

    // Settings that are not a file.
    let zero = run(dir.path(), &["check", "main.journey", "--config", "/dev/zero"], AT_ONCE);
    assert_refused_quickly(&zero, 2, "can't read `/dev/zero`: it is a character device, not a file");
    let pipe_settings = Scratch::new("special-settings");
    pipe_settings.write("a.journey", journey_text("ana").as_bytes());
    mkfifo(&pipe_settings.join("journey.toml"));
    let blocked = run(pipe_settings.path(), &["check", "a.journey"], AT_ONCE);
    assert_refused_quickly(&blocked, 2, "journey.toml`: it is a named pipe (FIFO), not a file");

    // A file that can't be read at all is said in words.
    std::os::unix::fs::symlink("nowhere.journey", pipe_settings.join("dangling.journey")).unwrap();
    let dangling = run(pipe_settings.path(), &["check", "dangling.journey", "--config", "/dev/null"], AT_ONCE);
    assert_refused_quickly(&dangling, 2, "can't read `dangling.journey`: no such file");
}

// ─────────────────────────── 3. Closed pipes ───────────────────────────

/// Runs journey with stdout or stderr connected to a pipe nobody reads.
fn with_closed(stream: &str, dir: &Path, args: &[&str]) -> Run {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader); // closed before the program writes anything
    let mut command = Command::new(binary());
    command.args(args).current_dir(dir).env("NO_COLOR", "1").stdin(Stdio::null());
    let (stdout, stderr): (Stdio, Stdio) =
        if stream == "stdout" { (writer.into(), Stdio::piped()) } else { (Stdio::piped(), writer.into()) };
    let mut child = command.stdout(stdout).stderr(stderr).spawn().expect("starts");
    let mut left = child.stdout.take().map(|o| Box::new(o) as Box<dyn std::io::Read + Send>);
    left = left.or_else(|| child.stderr.take().map(|e| Box::new(e) as Box<dyn std::io::Read + Send>));
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut stream) = left {
            let _ = std::io::Read::read_to_string(&mut stream, &mut text);
        }
        text
    });
    let (code, peak_kib) = wait_measured(&mut child, AT_ONCE).expect("no hang");
    let other = reader.join().unwrap();
    Run { code, stdout: String::new(), stderr: other, peak_kib }
}

#[test]
fn a_closed_pipe_ends_output_quietly() {
    let dir = Scratch::new("pipes");
    dir.write("bad.journey", b"team a   \"A\"\nstep\n"); // unformatted, and broken
    dir.write("good.journey", journey_text("ana").as_bytes());
    let cases: &[(&str, &[&str], i32)] = &[
        ("stderr", &["check", "bad.journey"], 1),
        ("stderr", &["check", "good.journey"], 0),
        ("stdout", &["check", "bad.journey", "--message-format", "json"], 1),
        ("stdout", &["check", "bad.journey", "--message-format", "sarif"], 1),
        ("stdout", &["explain"], 0),
        ("stdout", &["explain", "E0032"], 0),
        ("stdout", &["fmt", "--check", "bad.journey"], 1),
        ("stderr", &["build", "good.journey", "-o", "out"], 0),
        ("stderr", &["explain", "E9999"], 2),
        ("stdout", &["--help"], 0),
    ];
    for (stream, args, code) in cases {
        let run = with_closed(stream, dir.path(), args);
        assert_eq!(run.code, Some(*code), "{stream} closed, journey {}: {}", args.join(" "), run.describe());
        assert!(!run.stderr.contains("panicked"), "{}", run.describe());
    }
    // The build did its work although nobody read what it said.
    assert!(dir.join("out/j.svg").exists());
}

// ─────────────────────────── 4. One set of outputs ───────────────────────────

/// The files of a folder and their bytes, staging folders apart.
fn snapshot(dir: &Path) -> (Vec<(String, Vec<u8>)>, Vec<String>) {
    let mut files = Vec::new();
    let mut staging = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return (files, staging) };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            staging.push(name);
        } else {
            files.push((name, std::fs::read(entry.path()).unwrap_or_default()));
        }
    }
    files.sort();
    staging.sort();
    (files, staging)
}

/// A journey big enough that its build takes a while.
fn long_journey(steps: usize, tag: &str) -> String {
    let mut text = String::from("persona ana \"Ana\"\nchannel web \"Web\"\njourney long \"Long\" {\n  persona ana\n");
    for stage in 0..steps / 10 {
        text.push_str(&format!("  stage s{stage} \"Stage {stage} {tag}\" {{\n"));
        for step in 0..10 {
            text.push_str(&format!(
                "    step t{stage}_{step} \"Step {step} {tag}\" {{ channel web; feels happy; does \"Does a thing\" }}\n"
            ));
        }
        text.push_str("  }\n");
    }
    text.push_str("}\n");
    text
}

#[test]
fn a_killed_build_leaves_the_old_set_or_the_new_one() {
    let dir = Scratch::new("killed");
    let args = ["build", "long.journey", "--format", "json,svg,html,mermaid", "-o", "out", "-q"];
    dir.write("long.journey", long_journey(1500, "before").as_bytes());
    assert_eq!(run(dir.path(), &args, Duration::from_secs(120)).code, Some(0));
    let (before, _) = snapshot(&dir.join("out"));
    dir.write("long.journey", long_journey(1500, "after").as_bytes());
    let started = std::time::Instant::now();
    assert_eq!(run(dir.path(), &args, Duration::from_secs(120)).code, Some(0));
    let whole = started.elapsed();
    let (after, _) = snapshot(&dir.join("out"));
    assert_eq!(before.len(), 4);
    assert_ne!(before, after);

    // 50 kills spread from the middle of the build's run, where the
    // outputs are written, the last ones past its end.
    let mut outcomes = [0, 0];
    for round in 0..50u32 {
        for (name, bytes) in &before {
            std::fs::write(dir.join("out").join(name), bytes).unwrap();
        }
        // Up to 1.45 times the measured run: on a loaded machine a build takes longer than it did alone.
        let delay = whole.mul_f64(0.45 + 1.0 * f64::from(round) / 49.0);
        let mut child = Command::new(binary()).args(args).current_dir(dir.path()).stdin(Stdio::null()).spawn().unwrap();
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let (found, _) = snapshot(&dir.join("out"));
        let which: Vec<String> = found
            .iter()
            .map(|(name, bytes)| {
                let old = before.iter().any(|(n, b)| n == name && b == bytes);
                let new = after.iter().any(|(n, b)| n == name && b == bytes);
                format!(
                    "{name}: {}",
                    if old {
                        "old"
                    } else if new {
                        "new"
                    } else {
                        "neither"
                    }
                )
            })
            .collect();
        assert!(found == before || found == after, "round {round} (killed after {delay:?}): a mixed set of outputs: {which:?}");
        outcomes[usize::from(found == after)] += 1;
        // The next build into the folder (here one that fails) leaves no staging folder behind.
        dir.write("broken.journey", b"journey {\n");
        let next = run(dir.path(), &["build", "broken.journey", "-o", "out", "-q"], AT_ONCE);
        assert_eq!(next.code, Some(1));
        let (again, staging) = snapshot(&dir.join("out"));
        assert!(staging.is_empty(), "round {round}: left behind {staging:?}");
        assert!(again == before || again == after, "round {round}: recovery mixed the sets");
    }
    // Both ends were reached: some kills came before the set moved, some after.
    assert!(outcomes[0] > 0 && outcomes[1] > 0, "old {}, new {}", outcomes[0], outcomes[1]);
}

/// The script of the full-disk test: a build that fits, then one that does not.
const FULL_DISK: &str = r#"
set -e
mkdir -p disk
mount -t tmpfs -o size=400k tmpfs disk
cp small.journey big.journey disk/
cd disk
"$JOURNEY" build small.journey --format json,svg,mermaid -o out -q
sha256sum out/* > ../before.txt
set +e
"$JOURNEY" build big.journey --format json,svg,mermaid,html -o out -q 2> ../big-stderr.txt
echo $? > ../big-status.txt
set -e
sha256sum out/* > ../after.txt
ls -A out > ../entries.txt
"#;

#[test]
fn a_full_disk_changes_nothing() {
    let dir = Scratch::new("full-disk");
    // Same journey ID, so the big build would replace the small one's files.
    dir.write("small.journey", long_journey(10, "small").as_bytes());
    dir.write("big.journey", long_journey(600, "big").as_bytes());
    // A real tmpfs of 400 KiB, in a mount namespace of our own (no root needed).
    let mut command = Command::new("unshare");
    command.args(["--user", "--map-root-user", "--mount", "sh", "-c", FULL_DISK]).env("JOURNEY", binary());
    let shell = run_command(&mut command, dir.path(), "the full-disk script", Duration::from_secs(120));
    assert_eq!(shell.code, Some(0), "the script itself failed (is `unshare --user` allowed here?): {}", shell.describe());
    let status = String::from_utf8(dir.read("big-status.txt")).unwrap();
    // Usage errors are wrapped to the terminal's width: read them as one line.
    let stderr: String =
        String::from_utf8(dir.read("big-stderr.txt")).unwrap().replace('│', " ").split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(status.trim(), "2", "the big build should fail: {stderr}");
    assert!(stderr.contains("no space left on device") && stderr.contains("nothing was changed"), "{stderr}");
    assert_eq!(dir.read("before.txt"), dir.read("after.txt"), "the outputs changed: {stderr}");
    let entries = String::from_utf8(dir.read("entries.txt")).unwrap();
    assert_eq!(entries.lines().collect::<Vec<_>>(), ["long.mmd", "long.svg", "small.json"], "left behind: {entries}");
}

// ─────────────────────────── 5. What reaches a terminal, a log, a picture ───────────────────────────

#[test]
fn control_characters_never_reach_the_terminal_or_the_ci_log() {
    let dir = Scratch::new("escapes");
    // A window title, a screen clear and a hidden line, in a string and in junk.
    let hostile = "persona ana \"\u{1b}]0;pwned\u{7}Ana\"\nteam t \"\u{1b}[2J\u{1b}[8mhidden\u{1b}[0m\" \u{1b}[1A junk\u{9b}31m\n";
    dir.write("escape.journey", hostile.as_bytes());
    for format in ["human", "short", "github"] {
        let run = run(dir.path(), &["check", "escape.journey", "--message-format", format, "--color", "never"], AT_ONCE);
        let all = format!("{}{}", run.stdout, run.stderr);
        let raw: Vec<char> = all.chars().filter(|c| c.is_control() && *c != '\n').collect();
        assert!(raw.is_empty(), "{format}: raw control characters {raw:?} in\n{all}");
        assert!(all.contains(r"\u{1b}"), "{format}: the escape is shown visibly\n{all}");
    }
}

#[test]
fn bidi_and_zero_width_characters_are_warned_about_and_never_drawn() {
    let dir = Scratch::new("bidi");
    let text = "persona ana \"A\u{200B}na\"\nchannel web \"Web\"\njourney j \"Pay\u{202E}won\u{202C}\" {\n  persona ana\n  stage s \"S\" {\n    step a \"Pays\\u{2066}\" { channel web; feels happy }\n  }\n}\n";
    dir.write("bidi.journey", text.as_bytes());
    let checked = run(dir.path(), &["check", "bidi.journey", "--message-format", "json"], AT_ONCE);
    assert_eq!(checked.code, Some(0), "a warning, not an error: {}", checked.describe());
    let warnings: Vec<Value> = checked.diagnostics().into_iter().filter(|d| d["code"] == "W0006").collect();
    assert_eq!(warnings.len(), 4, "{}", checked.describe());
    for warning in &warnings {
        let fix = &warning["fixes"][0]["edits"][0];
        assert_eq!(fix["replacement"], "", "{warning}");
    }
    let built = run(dir.path(), &["build", "bidi.journey", "--format", "svg,html,mermaid,json", "-o", "out"], AT_ONCE);
    assert_eq!(built.code, Some(0), "{}", built.describe());
    let hidden = |name: &str| -> Vec<char> {
        String::from_utf8(dir.read(&format!("out/{name}")))
            .unwrap()
            .chars()
            .filter(|&c| journey_compiler::unicode::is_bidi_control(c) || c == '\u{200B}')
            .collect()
    };
    for drawn in ["j.svg", "j.html", "j.mmd"] {
        assert!(hidden(drawn).is_empty(), "{drawn} carries {:?}", hidden(drawn));
    }
    // The JSON model is data: the strings as written.
    assert_eq!(hidden("bidi.json").len(), 4);
    let deny = run(dir.path(), &["check", "bidi.journey", "--deny", "warnings"], AT_ONCE);
    assert_eq!(deny.code, Some(1));
}

// ─────────────────────────── 6. No quadratic path ───────────────────────────

#[test]
fn a_hundred_thousand_personas_are_drawn() {
    let dir = Scratch::new("personas");
    dir.write("many.journey", many_personas(100_000).as_bytes());
    // A linear build takes seconds here (a debug build); the quadratic one took minutes.
    let built = run(dir.path(), &["build", "many.journey", "--format", "svg,mermaid", "-o", "out", "-q"], Duration::from_secs(90));
    assert_eq!(built.code, Some(0), "{}", built.describe());
    let mermaid = String::from_utf8(dir.read("out/j.mmd")).unwrap();
    assert!(mermaid.contains("Persona 99999"), "every persona is an actor");
}

#[test]
fn an_error_on_a_16_mib_line_shows_a_window_of_it() {
    let dir = Scratch::new("long-line");
    let text = format!("team a \"{}\" @@\n", "x".repeat(16 * 1024 * 1024 - 20));
    dir.write("long.journey", text.as_bytes());
    let run = run(dir.path(), &["check", "long.journey"], Duration::from_secs(60));
    assert_eq!(run.code, Some(1), "{}", run.describe());
    assert!(run.stderr.len() < 4000, "the report is {} bytes", run.stderr.len());
    assert!(
        run.stderr.contains("long.journey:1:16777207") && run.stderr.contains("…xxx") && run.stderr.contains("\" @@"),
        "{}",
        run.describe()
    );
}

#[test]
fn a_png_too_large_is_refused_before_it_is_laid_out() {
    let dir = Scratch::new("png");
    dir.write("long.journey", long_journey(10_000, "png").as_bytes());
    let refused = run(dir.path(), &["build", "long.journey", "--format", "png", "-o", "out"], Duration::from_secs(90));
    assert_eq!(refused.code, Some(2), "{}", refused.describe());
    assert!(refused.stderr.contains("can't draw `long` as PNG: the picture would be at least"), "{}", refused.describe());
    // Laying 10,000 steps out (and drawing them) took gigabytes; checking them does not.
    assert!(refused.peak_kib < 400 * 1024, "used {} KiB", refused.peak_kib);
    assert!(!dir.join("out").exists());
}

// ─────────────────────────── 7. Positions ───────────────────────────

#[test]
fn a_lone_odd_space_is_reported_where_it_is() {
    for odd in ["\u{b}", "\u{c}", "\u{85}", "\u{a0}", "\u{2028}", "\u{3000}", " \u{b}", "\u{b}\n", "a \u{a0}"] {
        let dir = Scratch::new("odd-space");
        dir.write("odd.journey", odd.as_bytes());
        let run = run(dir.path(), &["check", "odd.journey", "--message-format", "json"], AT_ONCE);
        assert_eq!(run.code, Some(1), "{odd:?}: {}", run.describe());
        for d in run.diagnostics() {
            let end = d["primary"]["end_offset"].as_u64().unwrap() as usize;
            assert!(end <= odd.len(), "{odd:?}: a span past the end of the file: {d}");
            assert!(!d["message"].as_str().unwrap().contains("before `{`"), "{odd:?}: {d}");
        }
    }
}
