import Foundation

extension Process {
    /// Launches the process and returns a stream that yields its exit status once, when it ends: the status it
    /// exited with, or the signal that ended it, negated (`-9` for `SIGKILL`).
    ///
    /// Waiting on the stream never blocks a thread, so a simulator serving the child from the same process keeps
    /// running.
    ///
    /// - Throws: The error of `run()` when the process cannot be launched.
    public func runReportingExit() throws -> AsyncStream<Int32> {
        let (exits, continuation) = AsyncStream<Int32>.makeStream()
        terminationHandler = { process in
            let status = process.terminationStatus
            continuation.yield(process.terminationReason == .uncaughtSignal ? -status : status)
            continuation.finish()
        }
        try run()
        return exits
    }
}
