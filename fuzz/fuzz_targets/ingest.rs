#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| kgpipe::fuzz::ingest_bytes(data));
