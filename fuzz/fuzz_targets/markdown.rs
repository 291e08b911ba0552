//! Markdown pages with ```journey fences, drawn every way a site draws them
//! (`journey_fuzz::markdown_page`): a page, then a NUL byte, then the
//! `.journey` files its fences name.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| journey_fuzz::markdown_page(data));
