#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| kgpipe::fuzz::pipeline_bytes(data));
