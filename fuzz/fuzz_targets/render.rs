//! Valid journeys drawn as SVG, HTML and Mermaid. The corpus holds valid
//! journeys, and the mutator below changes what a journey says, not its
//! shape: three times in four it rewrites the content of one string or one
//! number with libFuzzer's own mutations, so most inputs stay error-free
//! and reach the renderers; the fourth time it mutates the bytes freely.
#![no_main]

use libfuzzer_sys::{fuzz_mutator, fuzz_target, fuzzer_mutate};

fuzz_target!(|data: &[u8]| journey_fuzz::render_files(data));

fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    if seed % 4 == 0 {
        return fuzzer_mutate(data, size, max_size);
    }
    let text = &data[..size];
    let tokens = literals(text);
    if tokens.is_empty() {
        return fuzzer_mutate(data, size, max_size);
    }
    let (start, end, is_string) = tokens[(seed as usize / 4) % tokens.len()];
    let mut content = text[start..end].to_vec();
    let room = content.len() + 64;
    content.resize(room, 0);
    let length = fuzzer_mutate(&mut content, end - start, room);
    content.truncate(length);
    let replacement = if is_string { as_string_content(&content) } else { as_number(&content, seed) };
    let mut out = Vec::with_capacity(size + replacement.len());
    out.extend_from_slice(&text[..start]);
    out.extend_from_slice(&replacement);
    out.extend_from_slice(&text[end..]);
    if out.len() > max_size {
        return size;
    }
    data[..out.len()].copy_from_slice(&out);
    out.len()
});

/// The contents of every string (inside the quotes) and every number.
fn literals(text: &[u8]) -> Vec<(usize, usize, bool)> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'"' => {
                let start = i + 1;
                i = start;
                while i < text.len() && text[i] != b'"' && text[i] != b'\n' {
                    i += if text[i] == b'\\' { 2 } else { 1 };
                }
                let end = i.min(text.len());
                found.push((start, end, true));
                i += 1;
            }
            b'0'..=b'9' if i == 0 || !text[i - 1].is_ascii_alphanumeric() && text[i - 1] != b'_' => {
                let start = i;
                while i < text.len() && (text[i].is_ascii_digit() || text[i] == b'.') {
                    i += 1;
                }
                found.push((start, i, false));
            }
            _ => i += 1,
        }
    }
    found
}

/// Mutated bytes as the inside of a string: any text, quotes, line breaks
/// and a trailing backslash escaped so the string stays one string.
fn as_string_content(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    if out.ends_with('\\') && !out.ends_with("\\\\") {
        out.push('\\');
    }
    out.into_bytes()
}

/// Mutated bytes as a number: its digits, or a small one from the seed.
fn as_number(bytes: &[u8], seed: u32) -> Vec<u8> {
    let digits: Vec<u8> = bytes.iter().copied().filter(u8::is_ascii_digit).take(9).collect();
    if digits.is_empty() {
        return (seed % 4).to_string().into_bytes();
    }
    digits
}
