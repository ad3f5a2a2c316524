//! The binary's allocator: the system allocator, except that an allocation failure ends the
//! process with exit 4 and a one-line message instead of Rust's default abort (SIGABRT). The
//! output is untouched, as after any crash; the next run removes the temporary folder.

use std::alloc::{GlobalAlloc, Layout, System};

/// Install with `#[global_allocator] static A: kgpipe::oom::ExitOnOom = kgpipe::oom::ExitOnOom;`.
pub struct ExitOnOom;

/// Exit status after an allocation failure (the input is too large for the memory).
pub const OOM_EXIT: i32 = 4;

// SAFETY: every call is forwarded unchanged to the system allocator; only a null result is
// turned into an exit.
unsafe impl GlobalAlloc for ExitOnOom {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        checked(System.alloc(layout), layout.size())
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        checked(System.alloc_zeroed(layout), layout.size())
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        checked(System.realloc(ptr, layout, new_size), new_size)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
}

fn checked(ptr: *mut u8, size: usize) -> *mut u8 {
    if ptr.is_null() {
        out_of_memory(size);
    }
    ptr
}

/// Writes the message without allocating, then exits at once.
fn out_of_memory(size: usize) -> ! {
    let mut buf = [0u8; 256];
    let mut len = 0;
    let mut push = |bytes: &[u8]| {
        for &b in bytes {
            if len < buf.len() {
                buf[len] = b;
                len += 1;
            }
        }
    };
    push(b"kgpipe: error: out of memory (an allocation of ");
    let mut digits = [0u8; 20];
    let mut n = size;
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    push(&digits[i..]);
    push(b" bytes failed); the previous output is unchanged: lower --max-article-bytes or give kgpipe more memory\n");
    // SAFETY: writing a valid buffer to stderr and exiting are always sound.
    unsafe {
        libc::write(2, buf.as_ptr().cast(), len);
        libc::_exit(OOM_EXIT)
    }
}
