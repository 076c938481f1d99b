import Logging
import SlackAuditLogs

/// Builds the writer's state from what an earlier run left in the journal: its checkpoint, the entries it wrote
/// after that checkpoint (read back, to skip when they come again), and, to recover without a usable checkpoint,
/// every entry already there. The one place where a run starts from the past.
enum CollectionRecovery {
    struct Recovered {
        var state: CollectionState
        /// There was no checkpoint: this collection starts now.
        var isNew: Bool
    }

    static func recover(
        configuration: AuditLogsCollector.Configuration,
        journal: any Journal,
        logger: Logger
    ) throws(CollectorError) -> Recovered {
        let rescans = configuration.recovery.rescansOutput
        let checkpointPath = configuration.checkpointPath ?? ""
        var loaded: Checkpoint?
        do {
            loaded = try journal.loadCheckpoint()
        } catch  where error.code == .checkpointCorrupt && rescans {
            logger.warning(
                "Checkpoint unreadable, rebuilding from the output",
                metadata: ["slack_audit_logs.collector.reason": "\(error.message)"]
            )
        }
        if let loaded, loaded.filters != configuration.checkpointFilters {
            throw CollectorError(
                code: .checkpointMismatch,
                message: "The checkpoint \(checkpointPath) was written for other filters "
                    + "(\(describe(loaded.filters))) than this collection's "
                    + "(\(describe(configuration.checkpointFilters))). Give each query its own checkpoint and "
                    + "output files.",
                path: checkpointPath
            )
        }

        let size = journal.size
        var summary = CollectionSummary()
        var replay: Set<String> = []
        var recent: [String: Int64] = [:]
        let recheckSeconds = configuration.recheckSpan?.wholeSecondsRoundedUp
        var scanFrom: Int64?
        var rescansWholeOutput = false
        var checkpoint: Checkpoint

        if let loaded {
            checkpoint = loaded
            replay = checkpoint.replayIDs
            if let offset = checkpoint.outputOffset, let size, size < offset {
                guard rescans else {
                    throw CollectorError(
                        code: .outputShorterThanCheckpoint,
                        message: "The output \(configuration.output) holds \(size) bytes but the checkpoint "
                            + "\(checkpointPath) says \(offset) were delivered: the file was truncated, replaced or "
                            + "rotated. Restore it, or set recovery to rescanOutput to continue from the checkpoint "
                            + "into this file.",
                        path: configuration.output.path
                    )
                }
                logger.warning("Output shorter than the checkpoint says; continuing from the checkpoint")
                checkpoint.recheckOffset = nil
                rescansWholeOutput = true
            } else {
                scanFrom = checkpoint.outputOffset
            }
            if let recheckSeconds, let recheckOffset = checkpoint.recheckOffset, let end = scanFrom,
                recheckOffset < end
            {
                let threshold = checkpoint.coveredUntil - recheckSeconds
                _ = try journal.readBack(from: recheckOffset, upTo: end) { entry in
                    if let id = entry.id, let second = entry.dateCreate, second >= threshold { recent[id] = second }
                }
            }
        } else {
            if let size, size > 0, !rescans {
                throw CollectorError(
                    code: .checkpointMissing,
                    message: "The output \(configuration.output) already holds \(size) bytes but "
                        + (configuration.checkpointPath.map { "there is no checkpoint at \($0)" }
                            ?? "no checkpoint is configured")
                        + ": collecting again would write those entries twice. Use the checkpoint that goes with this "
                        + "output, choose a new output file, or set recovery to rescanOutput to skip the entries "
                        + "already there.",
                    path: configuration.output.path
                )
            }
            rescansWholeOutput = (size ?? 0) > 0
            checkpoint = Checkpoint(filters: configuration.checkpointFilters, start: configuration.start)
        }

        // Recovery by rescanning: every ID already in the output is skipped. The set is not saved with each
        // checkpoint (it may be large); the checkpoint records how much of the output to read again instead.
        var rescanned: Set<String> = []
        let rescanEnd = rescansWholeOutput ? nil : checkpoint.rescanOffset
        if rescansWholeOutput || rescanEnd != nil {
            let scanned = try journal.readBack(from: 0, upTo: rescanEnd) { entry in
                guard let id = entry.id else { return }
                rescanned.insert(id)
                if recheckSeconds != nil, let second = entry.dateCreate { recent[id] = second }
            }
            if rescansWholeOutput {
                checkpoint.rescanOffset = journal.size
                summary.recoveredFromOutput = rescanned.count
                summary.tornBytesRemoved = scanned.tornBytes
                logger.notice(
                    "Read back every entry already in the output",
                    metadata: ["slack_audit_logs.collector.entries": "\(rescanned.count)"]
                )
            }
        }

        if let scanFrom {
            let scanned = try journal.readBack(from: scanFrom, upTo: nil) { entry in
                guard let id = entry.id else { return }
                replay.insert(id)
                if recheckSeconds != nil, let second = entry.dateCreate { recent[id] = second }
            }
            summary.recoveredFromOutput = replay.count - checkpoint.replayIDs.count
            summary.tornBytesRemoved = scanned.tornBytes
            if scanned.lines > 0 || scanned.tornBytes > 0 {
                logger.notice(
                    "Read back entries written after the last checkpoint",
                    metadata: [
                        "slack_audit_logs.collector.entries": "\(replay.count)",
                        "slack_audit_logs.collector.unreadable_lines": "\(scanned.unreadableLines)",
                        "slack_audit_logs.collector.torn_bytes": "\(scanned.tornBytes)",
                    ]
                )
            }
        }
        summary.completeUntil = checkpoint.completeUntil
        let state = CollectionState(
            checkpoint: checkpoint,
            settings: WindowPlanner.Settings(workers: configuration.workers, pageLimit: configuration.pageLimit),
            recheckSeconds: recheckSeconds,
            ledger: DeliveryLedger(
                replay: replay,
                rescanned: rescanned,
                recent: recent,
                remembersRecent: recheckSeconds != nil
            ),
            summary: summary,
            outputSize: journal.size
        )
        return Recovered(state: state, isNew: loaded == nil)
    }

    private static func describe(_ filters: [String: String]) -> String {
        filters.isEmpty
            ? "none" : filters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }
}
