//! `journey markdown`, as a README's author and a site's build use it: the
//! fence kept and its drawing kept up to date in place, pages written to a
//! folder with images, inline SVG or Mermaid, a page on stdin for plugins,
//! `--check` for CI, and broken maps reported at the page's own lines.

mod common;
use common::*;
use std::path::Path;
use std::time::SystemTime;

const MAP: &str = r#"persona ana "Ana, visitor"
channel desk "Front desk" { type human }

journey visit "A visit" {
  persona ana
  stage arrive "Arrive" {
    step signs_in "Signs in at the desk" {
      channel desk
      feels neutral
    }
  }
}
"#;

/// A page with an inline map and one from a file, between other Markdown.
fn readme(dir: &Scratch) -> String {
    std::fs::write(dir.join("visit.journey"), MAP).unwrap();
    let page = format!(
        "# Our service\r\n\r\nSome text.\r\n\r\n```journey file=visit.journey\r\n```\r\n\r\nMore text.\r\n\r\n```journey view=emotion\r\n{}```\r\n\r\nThe end.\r\n",
        MAP.replace("visit", "second").replace('\n', "\r\n")
    );
    std::fs::write(dir.join("README.md"), &page).unwrap();
    page
}

fn modified(path: &Path) -> SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

/// The page with every generated block (between the markers) taken out.
fn without_generated(page: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in page.split_inclusive('\n') {
        if line.starts_with(journey_compiler::markdown::GENERATED_BEGIN) {
            inside = true;
        }
        if !inside {
            out.push_str(line);
        }
        if line.trim_end() == journey_compiler::markdown::GENERATED_END {
            inside = false;
        }
    }
    out
}

fn svg_files(dir: &Scratch) -> Vec<String> {
    dir.entries().into_iter().filter(|n| n.ends_with(".svg")).collect()
}

#[test]
fn a_readme_keeps_its_fences_and_gets_images_after_them() {
    let dir = Scratch::new("md-readme");
    let original = readme(&dir);
    let output = journey_in(dir.path(), &["markdown", "README.md"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page = String::from_utf8(dir.read("README.md")).unwrap();
    assert_eq!(without_generated(&page), original, "every byte but the generated blocks is the page as written");
    let images = svg_files(&dir);
    assert_eq!(images.len(), 2, "{images:?}");
    for image in &images {
        assert!(page.contains(&format!("]({image})\r\n")), "the page links {image} (in the page's CRLF)");
        let svg = String::from_utf8(dir.read(image)).unwrap();
        assert!(svg.contains("@media (prefers-color-scheme: dark)"), "publishing draws light and dark in one file");
    }
    assert!(images.iter().any(|i| i.starts_with("visit-")) && images.iter().any(|i| i.starts_with("second-")));

    // A second run writes nothing, and --check agrees.
    let before: Vec<SystemTime> = dir.files().iter().map(|f| modified(f)).collect();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = journey_in(dir.path(), &["markdown", "README.md"]);
    assert_eq!(again.status.code(), Some(0));
    assert!(!stderr(&again).contains("wrote"), "nothing to write: {}", stderr(&again));
    let after: Vec<SystemTime> = dir.files().iter().map(|f| modified(f)).collect();
    assert_eq!(before, after, "no file was touched");
    assert_eq!(journey_in(dir.path(), &["markdown", "--check", "README.md"]).status.code(), Some(0));

    // The map changes: its image is stale until the page is drawn again, and the old image goes.
    std::fs::write(dir.join("visit.journey"), MAP.replace("feels neutral", "feels happy")).unwrap();
    let check = journey_in(dir.path(), &["markdown", "--check", "README.md"]);
    assert_eq!(check.status.code(), Some(1), "a stale image fails --check");
    assert!(stderr(&check).contains("stale: README.md"), "{}", stderr(&check));
    assert_eq!(svg_files(&dir), images, "--check writes and removes nothing");
    assert_eq!(journey_in(dir.path(), &["markdown", "README.md"]).status.code(), Some(0));
    assert_eq!(journey_in(dir.path(), &["markdown", "--check", "README.md"]).status.code(), Some(0));
    let now = svg_files(&dir);
    assert_eq!(now.len(), 2, "the old image was removed: {now:?}");
    assert_ne!(now, images);
}

#[test]
fn a_site_build_replaces_fences_in_copies_of_the_pages() {
    let dir = Scratch::new("md-site");
    std::fs::create_dir_all(dir.join("docs/guide")).unwrap();
    std::fs::write(dir.join("docs/guide/visit.journey"), MAP).unwrap();
    let page = "# Guide\n\n```journey file=visit.journey\n```\n\nAfter.\n";
    std::fs::write(dir.join("docs/guide/page.md"), page).unwrap();
    std::fs::write(dir.join("docs/index.md"), "# No maps here\n\n```rust\nfn main() {}\n```\n").unwrap();
    let output = journey_in(dir.path(), &["markdown", "docs", "-o", "site"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(String::from_utf8(dir.read("site/index.md")).unwrap(), "# No maps here\n\n```rust\nfn main() {}\n```\n");
    let drawn = String::from_utf8(dir.read("site/guide/page.md")).unwrap();
    assert!(drawn.starts_with("# Guide\n\n![A visit](visit-") && drawn.ends_with(".svg)\n\nAfter.\n"), "{drawn}");
    let image = drawn.split("](").nth(1).unwrap().split(')').next().unwrap();
    assert!(dir.join("site/guide").join(image).is_file(), "the image sits beside the page");
    assert_eq!(String::from_utf8(dir.read("docs/guide/page.md")).unwrap(), page, "the source page is untouched");

    let inline = journey_in(dir.path(), &["markdown", "docs", "-o", "inline", "--inline"]);
    assert_eq!(inline.status.code(), Some(0));
    let drawn = String::from_utf8(dir.read("inline/guide/page.md")).unwrap();
    assert!(drawn.contains("<div class=\"journey-map\"") && drawn.contains("<svg") && !drawn.contains("```journey"));
    assert!(drawn.ends_with("</div>\n\n\nAfter.\n"), "a blank line ends the HTML block: {}", &drawn[drawn.len() - 30..]);

    let mermaid = journey_in(dir.path(), &["markdown", "docs", "-o", "mermaid", "--mermaid"]);
    assert_eq!(mermaid.status.code(), Some(0));
    let drawn = String::from_utf8(dir.read("mermaid/guide/page.md")).unwrap();
    assert!(drawn.contains("```mermaid\njourney\n") && drawn.contains("title A visit"), "{drawn}");

    let over = journey_in(dir.path(), &["markdown", "docs", "-o", "docs"]);
    assert_eq!(over.status.code(), Some(2), "-o onto the pages themselves is refused");
}

/// Three maps on one page, the second broken: the build fails at the
/// page's line and column in every format, and writes nothing; with
/// `--on-error warn` it passes and the page shows an error box there.
#[test]
fn a_broken_map_fails_at_its_place_in_the_page_unless_warned() {
    let dir = Scratch::new("md-broken");
    let broken = MAP.replace("channel desk\n", "channel dask\n");
    let page =
        format!("# Three maps\n\n```journey\n{MAP}```\n\n```journey\n{broken}```\n\n```journey\n{}```\n", MAP.replace("visit", "third"));
    std::fs::write(dir.join("page.md"), &page).unwrap();
    let line = page.lines().position(|l| l.contains("channel dask")).unwrap() + 1;
    let column = page.lines().nth(line - 1).unwrap().find("dask").unwrap() + 1;
    let at = format!("page.md:{line}:{column}");

    let short = journey_in(dir.path(), &["markdown", "page.md", "-o", "out", "--message-format", "short"]);
    assert_eq!(short.status.code(), Some(1));
    assert!(stdout(&short).contains(&format!("{at}: error[E0010]")), "{}", stdout(&short));
    assert!(!dir.join("out").exists(), "a failed build writes nothing");
    let human = journey_in(dir.path(), &["markdown", "page.md", "-o", "out"]);
    assert!(stderr(&human).contains(&format!("┌─ {at}")) && stderr(&human).contains("channel dask"), "{}", stderr(&human));
    let json = journey_in(dir.path(), &["markdown", "page.md", "-o", "out", "--message-format", "json"]);
    let reported: Vec<serde_json::Value> = stdout(&json).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let d = reported.iter().find(|d| d["code"] == "E0010").expect("the unknown channel is reported");
    assert_eq!((d["primary"]["file"].as_str(), d["primary"]["line"].as_u64()), (Some("page.md"), Some(line as u64)));
    assert_eq!(d["primary"]["offset"].as_u64(), Some(page.find("dask").unwrap() as u64), "byte offsets are the page's too");
    let github = journey_in(dir.path(), &["markdown", "page.md", "-o", "out", "--message-format", "github"]);
    assert!(stdout(&github).contains(&format!("file=page.md,line={line},col={column}")), "{}", stdout(&github));
    let sarif = journey_in(dir.path(), &["markdown", "page.md", "-o", "out", "--message-format", "sarif"]);
    assert!(stdout(&sarif).contains(&format!("\"startLine\": {line}")), "{}", stdout(&sarif));

    let warned = journey_in(dir.path(), &["markdown", "page.md", "-o", "out", "--inline", "--on-error", "warn"]);
    assert_eq!(warned.status.code(), Some(0), "{}", stderr(&warned));
    let drawn = String::from_utf8(dir.read("out/page.md")).unwrap();
    assert_eq!(drawn.matches("<svg").count(), 2, "the two good maps");
    assert!(drawn.contains("class=\"journey-error\"") && drawn.contains(&format!("{at}: error[E0010]: unknown channel `dask`")));
    let first = drawn.find("<svg").unwrap();
    assert!(
        first < drawn.find("journey-error").unwrap() && drawn.find("journey-error").unwrap() < drawn.rfind("<svg").unwrap(),
        "the box is where the map was"
    );
    let ids: Vec<&str> = drawn.split(" id=\"").skip(1).map(|s| s.split('"').next().unwrap()).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "no id is used twice on the page");
}

#[test]
fn a_page_on_stdin_comes_back_on_stdout() {
    let dir = Scratch::new("md-stdin");
    std::fs::write(dir.join("visit.journey"), MAP).unwrap();
    let page = "Before\n\n```journey file=visit.journey\n```\n";
    let output = journey_with_stdin(dir.path(), &["markdown", "-", "--inline", "--page", "docs.md"], page);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let drawn = stdout(&output);
    assert!(drawn.starts_with("Before\n\n<div class=\"journey-map\"") && drawn.contains("A visit"));
    // Plugins ask for the replacements only, by line, with diagnostics on stderr in any format.
    let output = journey_with_stdin(dir.path(), &["markdown", "-", "--json", "--inline", "--message-format", "json"], page);
    let answer: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(answer["fences"][0]["line"], 3);
    assert!(answer["fences"][0]["html"].as_str().unwrap().contains("<svg"));
    let broken = journey_with_stdin(
        dir.path(),
        &["markdown", "-", "--inline", "--message-format", "json"],
        "```journey file=nowhere.journey\n```\n",
    );
    assert_eq!(broken.status.code(), Some(1));
    assert!(stdout(&broken).is_empty(), "no page for a broken map");
    assert!(stderr(&broken).contains("\"code\":\"E0030\""), "{}", stderr(&broken));
    let no_place = journey_with_stdin(dir.path(), &["markdown", "-"], page);
    assert_eq!(no_place.status.code(), Some(2), "images from stdin need -o");
}

#[test]
fn file_reads_stay_inside_the_project() {
    let dir = Scratch::new("md-outside");
    std::fs::create_dir_all(dir.join("site")).unwrap();
    std::fs::write(dir.join("secret.journey"), MAP).unwrap();
    std::fs::write(dir.join("site/page.md"), "```journey file=../secret.journey\n```\n\n```journey file=/etc/passwd\n```\n").unwrap();
    let output = journey_in(&dir.join("site"), &["markdown", "page.md", "-o", "out", "--message-format", "short"]);
    assert_eq!(output.status.code(), Some(1));
    let report = stdout(&output);
    assert!(report.contains("page.md:1:17: error[E0032]") && report.contains("page.md:4:17: error[E0032]"), "{report}");
}

/// A README kept up to date in place, then published: each map once, no
/// link to an image the site doesn't have.
#[test]
fn a_page_drawn_in_place_is_published_with_each_map_once() {
    let dir = Scratch::new("md-republish");
    readme(&dir);
    assert_eq!(journey_in(dir.path(), &["markdown", "README.md"]).status.code(), Some(0));
    let output = journey_in(dir.path(), &["markdown", "README.md", "-o", "site", "--inline"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page = String::from_utf8(dir.read("site/README.md")).unwrap();
    assert_eq!(page.matches("<svg ").count(), 2);
    assert!(!page.contains("![") && !page.contains(journey_compiler::markdown::GENERATED_BEGIN), "{page}");
}

#[test]
fn pages_updated_in_place_must_be_named() {
    let dir = Scratch::new("md-unnamed");
    readme(&dir);
    let output = journey_in(dir.path(), &["markdown"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("name the pages to update in place"), "{}", stderr(&output));
    assert!(svg_files(&dir).is_empty(), "nothing was drawn");
}

/// A fence under a list item: what replaces it is indented as it was, so it stays in the item.
#[test]
fn a_map_in_a_list_item_stays_in_the_item() {
    let dir = Scratch::new("md-list");
    std::fs::write(dir.join("visit.journey"), MAP).unwrap();
    std::fs::write(dir.join("page.md"), "1. First:\n\n   ```journey file=visit.journey\n   ```\n\n2. Second\n").unwrap();
    let output = journey_in(dir.path(), &["markdown", "page.md", "-o", "out"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page = String::from_utf8(dir.read("out/page.md")).unwrap();
    assert!(page.starts_with("1. First:\n\n   ![A visit](visit-") && page.ends_with(".svg)\n\n2. Second\n"), "{page}");
}

/// Text of a map with blank lines in it (`\n\n` escapes) can't end the HTML
/// block of an inlined SVG and smuggle Markdown (an image from elsewhere)
/// into the page.
#[test]
fn map_text_cannot_break_out_of_an_inlined_svg() {
    let dir = Scratch::new("md-breakout");
    let map = MAP.replace(
        "journey visit \"A visit\" {",
        "journey visit \"A visit\" {\n  goal \"Find it.\\n\\n![x](https://tracker.example/p.png)\\n\\n{{#include ../../secret.txt}}\"",
    );
    std::fs::write(dir.join("page.md"), format!("```journey\n{map}```\n")).unwrap();
    let output = journey_in(dir.path(), &["markdown", "page.md", "-o", "out", "--inline"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page = String::from_utf8(dir.read("out/page.md")).unwrap();
    let block = &page[page.find("<div").unwrap()..page.find("</div>").unwrap()];
    assert!(!block.lines().any(|l| l.trim().is_empty()), "no blank line inside the HTML block");
    assert!(!page.lines().any(|l| l.starts_with("![x]")) && !page.contains("{{#include"), "no Markdown or mdBook directive comes out");
}

/// Pages are read through the project's boundary: a page that is a link out
/// of it is not read, so `-o` can't publish what it leads to; and a site
/// built into a folder below its pages doesn't read its own output back.
#[test]
fn pages_stay_inside_the_project() {
    let dir = Scratch::new("md-pages");
    std::fs::create_dir_all(dir.join("outside")).unwrap();
    std::fs::create_dir_all(dir.join("site/docs")).unwrap();
    std::fs::write(dir.join("outside/secret.txt"), "TOKEN=s3cr3t\n").unwrap();
    std::os::unix::fs::symlink("../../outside/secret.txt", dir.join("site/docs/leak.md")).unwrap();
    std::fs::write(dir.join("site/docs/index.md"), "# Home\n").unwrap();
    let site = dir.join("site");
    let output = journey_in(&site, &["markdown", "docs", "-o", "build"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("outside the project"), "{}", stderr(&output));
    assert!(!site.join("build/leak.md").exists());

    std::fs::remove_file(dir.join("site/docs/leak.md")).unwrap();
    for _ in 0..2 {
        assert_eq!(journey_in(&site, &["markdown", ".", "-o", "docs/build"]).status.code(), Some(0));
    }
    assert!(site.join("docs/build/docs/index.md").is_file());
    assert!(!site.join("docs/build/docs/build").exists(), "the output was not read back as pages");

    // Onto a folder above the pages (the site's root), every page is drawn.
    let output = journey_in(&site, &["markdown", "docs", "-o", "."]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(site.join("index.md").is_file(), "docs/index.md was drawn to ./index.md: {}", stdout(&output));
    // A folder whose every page is inside the output is an error, not an empty success.
    std::fs::create_dir_all(site.join("only/out")).unwrap();
    std::fs::write(site.join("only/out/page.md"), "# Page\n").unwrap();
    let output = journey_in(&site, &["markdown", "only", "-o", "only/out"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert!(stderr(&output).contains("inside the `-o` folder"), "{}", stderr(&output));
}
