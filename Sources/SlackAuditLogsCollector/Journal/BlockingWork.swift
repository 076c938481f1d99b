import NIOPosix

/// Runs file work that blocks (`write`, `fsync`, `pread`) on SwiftNIO's thread pool for blocking I/O.
///
/// Swift concurrency runs every task on a few threads, one per core: an `fsync` there stalls every other task of the
/// process (HTTP handling, other collectors) for as long as the disk takes. The work runs to its end even when the
/// task is cancelled, so that a commit is never cut short between the entries and the checkpoint.
enum BlockingWork {
    static func run<Value: Sendable>(
        _ body: @escaping @Sendable () throws(CollectorError) -> Value
    ) async throws(CollectorError) -> Value {
        let result: Result<Value, CollectorError> = await withCheckedContinuation { continuation in
            NIOThreadPool.singleton.submit { state in
                guard case .active = state else {
                    continuation.resume(
                        returning: .failure(
                            CollectorError(
                                code: .fileSystem,
                                message: "The thread pool for file work has stopped; nothing was written."
                            )
                        )
                    )
                    return
                }
                continuation.resume(returning: Result { () throws(CollectorError) in try body() })
            }
        }
        return try result.get()
    }
}
