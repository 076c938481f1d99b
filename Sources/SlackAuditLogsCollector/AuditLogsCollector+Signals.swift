import Dispatch
import SlackAuditLogs

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension AuditLogsCollector {
    /// Runs like ``run(progress:)``, and also stops gracefully when the process receives one of `signals` (for
    /// example `[SIGINT, SIGTERM]`): the page in flight is abandoned, what was written is checkpointed, and the
    /// summary says ``CollectionSummary/interrupted``. The signals' previous dispositions are restored afterwards.
    public func run(
        stoppingOn signals: [Int32],
        progress: (@Sendable (CollectionProgress) -> Void)? = nil
    ) async throws(CollectorError) -> CollectionSummary {
        let task = Task { () -> Result<CollectionSummary, CollectorError> in
            do throws(CollectorError) {
                return .success(try await self.run(progress: progress))
            } catch {
                return .failure(error)
            }
        }
        let queue = DispatchQueue(label: "slack-audit-logs.collector.signals")
        var sources: [any DispatchSourceSignal] = []
        var previous: [(Int32, sighandler_t?)] = []
        for number in Set(signals) {
            previous.append((number, signal(number, SIG_IGN)))
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { task.cancel() }
            source.resume()
            sources.append(source)
        }
        defer {
            for source in sources { source.cancel() }
            for (number, handler) in previous { signal(number, handler) }
        }
        let result = await withTaskCancellationHandler {
            await task.value
        } onCancel: {
            task.cancel()
        }
        return try result.get()
    }
}
