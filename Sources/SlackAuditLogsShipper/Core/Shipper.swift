import CoreMetrics
import Foundation
import Logging
import SlackAuditLogs
import SlackAuditLogsCollector

/// Delivers the collector's journal to one sink, from its own saved position, moving that position only after the
/// sink acknowledged every entry before it.
///
/// Collection and delivery are decoupled by the journal: the collector appends (at Slack's pace), the shipper reads
/// (at the SIEM's pace). A SIEM that is down stops nothing but the shipper, which retries with backoff and catches
/// up when it is back. A restart or a SIGKILL resumes from the position: with an exactly-once sink (`_bulk` by
/// `_id`) nothing is doubled; with an at-least-once sink (HEC, TCP syslog) at most the batch in flight is sent again.
package final class Shipper: Sendable {
    /// How the shipper reads, batches and retries.
    package struct Configuration: Sendable {
        /// The collector's NDJSON journal.
        package var journalPath: String
        /// The collector's checkpoint: lines past its output offset are not committed yet and are not shipped.
        package var checkpointPath: String?
        /// Where the position is saved (default `<journal>.<sink>.position`).
        package var positionPath: String?
        /// Where refused entries go (default `<journal>.<sink>.dead-letter.ndjson`).
        package var deadLetterPath: String?
        /// The most entries in one batch.
        package var batchEntries: Int = 1000
        /// About the most bytes of entries in one batch.
        package var batchBytes: Int = 4 * 1024 * 1024
        /// In follow mode, how long to wait for a fuller batch once some entries are there.
        package var batchWait: Duration = .seconds(1)
        /// Waits between attempts of a batch the sink did not take.
        package var backoff = RetryBackoff()
        /// Keep delivering what the collector appends (until cancelled, or until ``stopWhenCaughtUp`` says so).
        package var follow = false
        /// How often to look for new entries when caught up, in follow mode.
        package var pollInterval: Duration = .milliseconds(500)
        /// In follow mode: stop once caught up when this returns true (the collector of the same process is done).
        package var stopWhenCaughtUp: @Sendable () -> Bool = { false }
        /// Where the metrics go; `nil` (default) for the process-wide `MetricsSystem`.
        package var metricsFactory: (any MetricsFactory)?
        /// Told after every attempt whether the sink took the batch (a service's health board listens); keep it
        /// quick, it runs on the shipper's task.
        package var attemptObserver: (@Sendable (AttemptReport) -> Void)?
        /// The clock for dead letters' `dead_lettered_at`.
        package var now: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970) }

        package init(journalPath: String, checkpointPath: String? = nil) {
            self.journalPath = journalPath
            self.checkpointPath = checkpointPath
        }

        /// Checks every limit; names the one out of range.
        func validate() throws(ShipperError) {
            func invalid(_ message: String) -> ShipperError {
                ShipperError(code: .invalidConfiguration, message: message)
            }
            guard (1...100_000).contains(batchEntries) else {
                throw invalid("The batch size is \(batchEntries) entries; it must be 1 to 100000.")
            }
            guard (1024...(256 * 1024 * 1024)).contains(batchBytes) else {
                throw invalid("The batch byte limit is \(batchBytes); it must be 1 KiB to 256 MiB.")
            }
            guard batchWait >= .zero, pollInterval > .zero, backoff.initial > .zero, backoff.maximum >= backoff.initial
            else {
                throw invalid(
                    "The batch wait, poll interval and backoff must be positive, the backoff's maximum ≥ its start."
                )
            }
            guard !journalPath.isEmpty else { throw invalid("No journal was given.") }
        }
    }

    /// What one attempt at a batch came to.
    package enum AttemptReport: Sendable, Hashable {
        /// The sink took (or refused for good) every entry of the batch; the position moved.
        case delivered(entries: Int)
        /// The sink did not take part of the batch; it is sent again after a wait.
        case retrying(entries: Int, reason: String)
    }

    /// What a run did.
    package struct Summary: Sendable, Hashable {
        package var delivered: Int64 = 0
        package var deadLettered: Int64 = 0
        package var retried: Int64 = 0
        package var batches: Int64 = 0
        /// The position when the run ended.
        package var offset: Int64 = 0
        /// Whether the run was cancelled (a signal) rather than done.
        package var interrupted = false

        package init(offset: Int64 = 0) {
            self.offset = offset
        }
    }

    private let sink: any DeliverySink
    private let store: any ShipperStore
    private let configuration: Configuration
    private let logger: Logger
    private let metrics: ShipperMetrics

    /// A shipper of the configuration's NDJSON journal, with its position and dead letters in files beside it.
    package convenience init(
        sink: any DeliverySink,
        configuration: Configuration,
        logger: Logger
    ) throws(ShipperError) {
        let store = FileShipperStore(
            journalPath: configuration.journalPath,
            checkpointPath: configuration.checkpointPath,
            sink: sink.name,
            positionPath: configuration.positionPath,
            deadLetterPath: configuration.deadLetterPath
        )
        try self.init(sink: sink, store: store, configuration: configuration, logger: logger)
    }

    /// A shipper of the journal in `store` (the configuration's paths then only name it in messages).
    package init(
        sink: any DeliverySink,
        store: any ShipperStore,
        configuration: Configuration,
        logger: Logger
    ) throws(ShipperError) {
        try configuration.validate()
        self.sink = sink
        self.store = store
        self.configuration = configuration
        self.logger = logger
        self.metrics = ShipperMetrics(sink: sink.name, factory: configuration.metricsFactory)
    }

    /// Delivers until the journal's committed end (or, in follow mode, until cancelled or told to stop), then
    /// returns what it did. Cancelling the task stops it between attempts: the position stays at the last finished
    /// batch.
    package func run() async throws(ShipperError) -> Summary {
        var position = try await store.open()
        do {
            let summary = try await deliver(from: &position)
            await store.close()
            return summary
        } catch {
            await store.close()
            throw error
        }
    }

    private func deliver(from position: inout ShipperPosition) async throws(ShipperError) -> Summary {
        var summary = Summary(offset: position.offset)
        logger.info(
            "Shipping the journal",
            metadata: [
                "sink": "\(sink.name)", "journal": "\(store.journalName)", "offset": "\(position.offset)",
                "guarantee": "\(sink.guarantee.rawValue)",
            ]
        )
        var waitingSince: ContinuousClock.Instant?
        while !Task.isCancelled {
            let end = try await store.committedEnd()
            metrics.lagBytes.record(max(end - position.offset, 0))
            let available = end - position.offset
            if available <= 0 {
                waitingSince = nil
                guard configuration.follow, !configuration.stopWhenCaughtUp() else { break }
                try? await Task.sleep(for: configuration.pollInterval)
                continue
            }
            // In follow mode, a small batch waits a little for more, so that a trickle is not one request per entry.
            if configuration.follow, available < Int64(configuration.batchBytes) / 2, !configuration.stopWhenCaughtUp()
            {
                let since = waitingSince ?? .now
                waitingSince = since
                if ContinuousClock.now - since < configuration.batchWait {
                    try? await Task.sleep(for: min(configuration.pollInterval, configuration.batchWait))
                    continue
                }
            }
            waitingSince = nil
            let read = try await store.read(
                from: position.offset,
                upTo: end,
                maximumEntries: configuration.batchEntries,
                maximumBytes: configuration.batchBytes
            )
            var rejectedLines: [(line: JournalLine, reason: String)] = read.unreadable.map { line in
                (
                    JournalLine(
                        entry: ShipmentEntry(bytes: line.bytes[...], id: nil, dateCreate: nil, action: nil),
                        end: line.end
                    ),
                    "the journal line is not an audit entry"
                )
            }
            var shipment = Shipment(lines: read.lines)
            let started = ContinuousClock.now
            while !shipment.isFinished {
                let outcomes = try await sink.deliver(shipment.pendingEntries)
                let step = shipment.apply(outcomes)
                rejectedLines += step.rejected
                if step.retrying > 0 {
                    configuration.attemptObserver?(
                        .retrying(entries: step.retrying, reason: step.retryReason ?? "the sink did not answer")
                    )
                    metrics.retried.increment(by: step.retrying)
                    summary.retried += Int64(step.retrying)
                    let delay = configuration.backoff.delay(
                        afterAttempt: shipment.attempts,
                        retryAfter: step.retryAfter
                    )
                    logger.warning(
                        "The sink did not take part of a batch; sending it again",
                        metadata: [
                            "sink": "\(sink.name)", "entries": "\(step.retrying)",
                            "reason": "\(step.retryReason ?? "")", "wait_ms": "\(delay.milliseconds)",
                        ]
                    )
                    do {
                        try await Task.sleep(for: delay)
                    } catch {
                        summary.interrupted = true
                        return summary
                    }
                }
            }
            guard !Task.isCancelled || shipment.isFinished else { break }
            let batchEnd = max(shipment.end ?? 0, read.unreadable.last?.end ?? 0)
            position.offset = max(position.offset, batchEnd)
            position.delivered += Int64(shipment.delivered)
            position.deadLettered += Int64(rejectedLines.count)
            try await store.save(&position, deadLetters: rejectedLines, at: configuration.now())
            if !rejectedLines.isEmpty {
                for (line, reason) in rejectedLines {
                    logger.error(
                        "An entry was refused for good and dead-lettered",
                        metadata: ["sink": "\(sink.name)", "id": "\(line.entry.id ?? "-")", "reason": "\(reason)"]
                    )
                }
                metrics.deadLettered.increment(by: rejectedLines.count)
            }
            metrics.delivered.increment(by: shipment.delivered)
            metrics.batchDuration.recordSeconds((ContinuousClock.now - started).seconds)
            summary.delivered += Int64(shipment.delivered)
            summary.deadLettered += Int64(rejectedLines.count)
            summary.batches += 1
            summary.offset = position.offset
            configuration.attemptObserver?(.delivered(entries: shipment.delivered))
            if let newest = read.lines.compactMap(\.entry.dateCreate).max() {
                metrics.newestDelivered.record(newest)
            }
        }
        summary.interrupted = Task.isCancelled
        summary.offset = position.offset
        return summary
    }
}
