import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Catches SIGINT and SIGTERM from its creation, so that a signal sent as soon as the process says it is ready is not
/// lost (or fatal), and waits for one without blocking a thread.
struct SignalWaiter {
    private let signals: [Int32]
    private let sources: [any DispatchSourceSignal]
    private let stream: AsyncStream<Int32>

    init(signals: [Int32] = [SIGINT, SIGTERM]) {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        let queue = DispatchQueue(label: "slack-audit-logs.signals")
        var sources: [any DispatchSourceSignal] = []
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            sources.append(source)
        }
        self.signals = signals
        self.sources = sources
        self.stream = stream
    }

    /// Returns the first signal that arrived since creation, then restores the default handling.
    func wait() async -> Int32 {
        defer {
            for source in sources { source.cancel() }
            for number in signals { signal(number, SIG_DFL) }
        }
        for await number in stream { return number }
        return SIGTERM
    }
}
