//! Raw bytes, split into files at `\n-----\n`, through check and the JSON model.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| journey_fuzz::check(data));
