//! A small size-class heap, the wasm build's global allocator: power-of-two blocks, one
//! free list per block size, no coalescing. It replaces std's dlmalloc, which costs about
//! 3.5 KB of the widget's 40 KB (brotli) budget. The widget allocates little and briefly, so
//! up to a block size's worth of slack per allocation is fine.
//!
//! The logic is target-independent (and tested natively over ordinary memory); only the
//! source of fresh memory (`memory.grow`) and the `#[global_allocator]` are wasm32-only.

#[allow(unused_imports)]
use crate::prelude::*;

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;
use core::ptr::null_mut;

/// Smallest block: 8 bytes, room for the free-list link.
const MIN_SHIFT: u32 = 3;
/// Block sizes 2^3 … 2^31.
const CLASSES: usize = 29;
/// Blocks are aligned to their size up to this; larger alignments are refused.
const MAX_ALIGN: usize = 4096;

/// Gives a fresh region of at least the requested number of bytes: `(start, length)`.
pub type Grow = fn(usize) -> Option<(usize, usize)>;

struct State {
    /// Head of each size's free list (0: empty); a free block holds the next one's address.
    free: [usize; CLASSES],
    /// The unused rest of the last region.
    next: usize,
    end: usize,
}

/// The heap. Not thread-safe: it is only shared on single-threaded wasm32.
pub struct Heap {
    state: UnsafeCell<State>,
    grow: Grow,
}

// SAFETY: wasm32-unknown-unknown (without the atomics feature) runs one thread, so the heap
// is never used concurrently.
#[cfg(target_arch = "wasm32")]
unsafe impl Sync for Heap {}

/// The size class of a layout, if it has one.
fn class(l: Layout) -> Option<usize> {
    if l.align() > MAX_ALIGN {
        return None;
    }
    let size = l
        .size()
        .max(l.align())
        .max(1 << MIN_SHIFT)
        .checked_next_power_of_two()?;
    let c = (size.trailing_zeros() - MIN_SHIFT) as usize;
    (c < CLASSES).then_some(c)
}

impl Heap {
    pub const fn new(grow: Grow) -> Heap {
        Heap {
            state: UnsafeCell::new(State {
                free: [0; CLASSES],
                next: 0,
                end: 0,
            }),
            grow,
        }
    }

    /// A block of class `c`: from its free list, else carved from the current region, else
    /// from a new one.
    fn take(&self, c: usize) -> *mut u8 {
        // SAFETY: single-threaded, and no reference to the state outlives this call.
        let s = unsafe { &mut *self.state.get() };
        let head = s.free[c];
        if head != 0 {
            // SAFETY: `head` is a free block of this heap; its first word holds the next one.
            s.free[c] = unsafe { *(head as *const usize) };
            return head as *mut u8;
        }
        let size = 1usize << (c as u32 + MIN_SHIFT);
        let align = size.min(MAX_ALIGN);
        let fits = |from: usize, end: usize| {
            let start = from.checked_add(align - 1)? & !(align - 1);
            (start.checked_add(size)? <= end).then_some(start)
        };
        let start = match fits(s.next, s.end) {
            Some(start) => start,
            None => {
                let Some((base, len)) = size.checked_add(align).and_then(self.grow) else {
                    return null_mut();
                };
                let Some(start) = base.checked_add(len).and_then(|end| fits(base, end)) else {
                    return null_mut();
                };
                s.end = base + len;
                start
            }
        };
        s.next = start + size;
        start as *mut u8
    }
}

unsafe impl GlobalAlloc for Heap {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        match class(l) {
            Some(c) => self.take(c),
            None => null_mut(),
        }
    }

    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        let Some(c) = class(l) else { return };
        // SAFETY: single-threaded; `p` is a block of class `c` (allocated with a layout of
        // this class), aligned and large enough for the link.
        unsafe {
            let s = &mut *self.state.get();
            *(p as *mut usize) = s.free[c];
            s.free[c] = p as usize;
        }
    }
}

/// Fresh wasm memory pages.
#[cfg(target_arch = "wasm32")]
fn grow_memory(bytes: usize) -> Option<(usize, usize)> {
    const PAGE: usize = 65_536;
    let pages = bytes.checked_add(PAGE - 1)? / PAGE;
    let previous = core::arch::wasm32::memory_grow(0, pages);
    (previous != usize::MAX).then(|| (previous * PAGE, pages * PAGE))
}

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static HEAP: Heap = Heap::new(grow_memory);

#[cfg(test)]
mod tests {
    use super::*;

    /// Regions from the native allocator, leaked (tests are short).
    fn grow_native(bytes: usize) -> Option<(usize, usize)> {
        let len = bytes.max(1 << 16);
        let region: &'static mut [u8] = Box::leak(vec![0u8; len].into_boxed_slice());
        Some((region.as_mut_ptr() as usize, len))
    }

    fn no_memory(_: usize) -> Option<(usize, usize)> {
        None
    }

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).expect("valid layout")
    }

    #[test]
    fn classes() {
        let cases: &[(usize, usize, Option<usize>)] = &[
            (1, 1, Some(0)),
            (8, 8, Some(0)),
            (9, 1, Some(1)),
            (16, 16, Some(1)),
            (1, 64, Some(3)),
            (100, 4, Some(4)),
            (4096, 4096, Some(9)),
            (1, 8192, None),
            (1 << 31, 1, Some(28)),
        ];
        for &(size, align, want) in cases {
            assert_eq!(class(layout(size, align)), want, "{size}/{align}");
        }
    }

    #[test]
    fn blocks_are_aligned_disjoint_and_reused() {
        let heap = Heap::new(grow_native);
        let layouts = [
            layout(1, 1),
            layout(7, 1),
            layout(24, 8),
            layout(100, 4),
            layout(3, 64),
            layout(5000, 8),
            layout(70_000, 16),
            layout(33, 4096),
        ];
        let mut blocks = Vec::new();
        for round in 0..3u8 {
            for &l in &layouts {
                let p = unsafe { heap.alloc(l) };
                assert!(!p.is_null(), "{l:?}");
                assert_eq!(p as usize % l.align(), 0, "{l:?} misaligned");
                unsafe { core::ptr::write_bytes(p, round.wrapping_add(l.size() as u8), l.size()) };
                blocks.push((p as usize, l));
            }
        }
        let mut spans: Vec<(usize, usize)> = blocks.iter().map(|(p, l)| (*p, *p + l.size())).collect();
        spans.sort();
        for w in spans.windows(2) {
            assert!(w[0].1 <= w[1].0, "overlap {w:?}");
        }
        // Freed blocks come back for the same class, newest first.
        let (p, l) = blocks[3];
        unsafe { heap.dealloc(p as *mut u8, l) };
        assert_eq!(unsafe { heap.alloc(layout(90, 4)) } as usize, p);
    }

    #[test]
    fn realloc_keeps_contents() {
        let heap = Heap::new(grow_native);
        let l = layout(10, 1);
        let p = unsafe { heap.alloc(l) };
        unsafe { core::ptr::copy_nonoverlapping(b"0123456789".as_ptr(), p, 10) };
        // `GlobalAlloc`'s own realloc: a new block, contents kept, the old one reused next.
        let q = unsafe { heap.realloc(p, l, 1000) };
        assert_eq!(unsafe { core::slice::from_raw_parts(q, 10) }, b"0123456789");
        assert_eq!(unsafe { heap.alloc(l) }, p);
        let r = unsafe { heap.realloc(q, layout(1000, 1), 4) };
        assert_eq!(unsafe { core::slice::from_raw_parts(r, 4) }, b"0123");
    }

    #[test]
    fn out_of_memory_is_null() {
        let heap = Heap::new(no_memory);
        for l in [layout(1, 1), layout(1, 8192), layout(1 << 31, 1)] {
            assert!(unsafe { heap.alloc(l) }.is_null(), "{l:?}");
        }
        let heap = Heap::new(grow_native);
        assert!(unsafe { heap.alloc(layout(1, 8192)) }.is_null());
    }
}
