/// One batch on its way to a sink: which entries are still to be sent, which were refused, and when the batch is
/// finished so that the position may move past it.
///
/// A plain value that decides; ``Shipper`` does the I/O. Entries keep their order: a retry sends the entries still
/// pending, in journal order.
package struct Shipment: Sendable {
    package let lines: [JournalLine]
    /// Indices into ``lines`` still to be sent.
    package private(set) var pending: [Int]
    /// How many attempts have been made.
    package private(set) var attempts = 0
    package private(set) var delivered = 0
    package private(set) var retried = 0

    package init(lines: [JournalLine]) {
        self.lines = lines
        self.pending = Array(lines.indices)
    }

    /// Every entry is delivered or dead-lettered: the position may move to ``end``.
    package var isFinished: Bool { pending.isEmpty }

    /// The journal offset after the batch.
    package var end: Int64? { lines.last?.end }

    /// The entries to send in the next attempt.
    package var pendingEntries: [ShipmentEntry] { pending.map { lines[$0].entry } }

    /// What one attempt's outcomes mean.
    package struct Step: Sendable {
        /// Entries the sink refused for good, with its reason: they go to the dead-letter file.
        package var rejected: [(line: JournalLine, reason: String)] = []
        /// Entries to send again.
        package var retrying = 0
        /// The longest wait the sink asked for.
        package var retryAfter: Duration?
        /// A reason for the retries, for the log.
        package var retryReason: String?
    }

    /// Applies the outcomes of sending ``pendingEntries`` (one per entry, in order). A sink that answers with the
    /// wrong number of outcomes broke its contract: every pending entry is retried.
    package mutating func apply(_ outcomes: [DeliveryOutcome]) -> Step {
        attempts += 1
        var step = Step()
        guard outcomes.count == pending.count else {
            step.retrying = pending.count
            step.retryReason = "the sink answered \(outcomes.count) outcomes for \(pending.count) entries"
            retried += pending.count
            return step
        }
        var stillPending: [Int] = []
        for (index, outcome) in zip(pending, outcomes) {
            switch outcome {
            case .delivered:
                delivered += 1
            case .retry(let reason, let after):
                stillPending.append(index)
                step.retrying += 1
                step.retryReason = step.retryReason ?? reason
                if let after { step.retryAfter = max(step.retryAfter ?? .zero, after) }
            case .rejected(let reason):
                step.rejected.append((lines[index], reason))
            }
        }
        retried += step.retrying
        pending = stillPending
        return step
    }
}
