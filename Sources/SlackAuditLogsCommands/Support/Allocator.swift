#if canImport(Glibc)
import Glibc
#endif

/// Tunes the C allocator for a process that handles pages of several megabytes, one after another: the CLI owns its
/// process, so it may (the library never does).
enum Allocator {
    /// glibc raises its `mmap` threshold to the size of the last large block freed, so pages of about 8 MB then come
    /// from the heap, where the entries' small allocations fragment it: a 20-page `logs --all` held 53–59 MB resident
    /// for one page's worth of live data. A fixed threshold of 1 MB keeps every page in its own mapping, returned to the
    /// system when the page is dropped (43 MB for the same pull). Elsewhere it does nothing.
    static func keepLargeBlocksMapped() {
        #if canImport(Glibc)
        // mallopt is looked up rather than declared: Glibc's module map does not export malloc.h.
        typealias SetOption = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: SetOption.self)
        let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD
        _ = mallopt(mmapThreshold, 1 << 20)
        #endif
    }
}
