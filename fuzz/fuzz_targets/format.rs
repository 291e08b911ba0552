//! One file through the formatter: idempotent, comments kept, same meaning.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| journey_fuzz::format_file(data));
