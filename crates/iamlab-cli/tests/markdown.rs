//! `iamlab check` on Markdown: every fenced `iamlab` block is a case file,
//! with places in the Markdown file (`tests/markdown/guide.md`).

use std::path::Path;
use std::process::Command;

fn root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn markdown_blocks_are_checked_in_place() {
    let output = Command::new(env!("CARGO_BIN_EXE_iamlab"))
        .args(["check", "tests/markdown/guide.md"])
        .current_dir(root())
        .output()
        .expect("runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let text = std::fs::read_to_string(root().join("tests/markdown/guide.md")).expect("fixture");
    // The block's opening fences are on lines 5 and 19; the invalid `Effect` is on line 21.
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[4].starts_with("```iamlab") && lines[18].starts_with("```iamlab"));
    let column = lines[20].find("\"Permit\"").expect("the invalid effect") + 1;
    assert_eq!(
        stdout,
        format!(
            "PASS tests/markdown/guide.md:5\nERROR tests/markdown/guide.md:19: tests/markdown/guide.md:21:{column}: `Effect` must be `Allow` or `Deny`, found `Permit`\n1 passed, 1 failed\n"
        )
    );
    assert_eq!(output.status.code(), Some(1));

    let json = Command::new(env!("CARGO_BIN_EXE_iamlab"))
        .args(["check", "--json", "tests/markdown/guide.md"])
        .current_dir(root())
        .output()
        .expect("runs");
    let first: serde_json::Value = serde_json::from_str(
        String::from_utf8(json.stdout)
            .expect("UTF-8")
            .lines()
            .next()
            .expect("a line"),
    )
    .expect("JSON");
    // The deciding statement is located in the Markdown file.
    assert_eq!(first["matchedStatements"][0]["line"], 10);
    assert_eq!(first["decision"], "allowed");
}

#[test]
fn a_markdown_file_without_blocks_says_so() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("markdown-tests");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let path = dir.join("empty.md");
    std::fs::write(&path, "# Nothing here\n\n```json\n{}\n```\n").expect("write");
    let output = Command::new(env!("CARGO_BIN_EXE_iamlab"))
        .args(["check", path.to_str().expect("UTF-8")])
        .output()
        .expect("runs");
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("has no fenced block tagged `iamlab`")
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "0 passed, 0 failed\n"
    );
}
