import ArgumentParser
import Foundation
import Logging
import SlackAuditLogs
import SlackAuditLogsCollector
import SlackAuditLogsShipper
import Synchronization

struct CollectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Collect audit events into NDJSON, resumably: every event exactly once.",
        discussion: """
            Reads the range in as few calls as it can (one per 9,999 entries, plus about one per worker), writes \
            each entry as one line (the exact bytes Slack sent), flushes, then saves the checkpoint. Run it again \
            with the same --checkpoint to resume; a crash or a SIGKILL loses nothing and duplicates nothing when the \
            output is a file. One collector at a time per output and checkpoint: a second one exits 73 at once. \
            SIGINT or SIGTERM stop it gracefully (exit 130). Times accept \(TimeArgument.forms); durations are \
            seconds or 90s, 5m, 6h, 1d.

            Examples:
              slack-audit-logs collect --output audit.ndjson --checkpoint audit.ckpt --since 30d
              slack-audit-logs collect --since 1y --plan --workers 4
              slack-audit-logs collect --output audit.ndjson --checkpoint audit.ckpt --since 7d --follow --workers 4
              slack-audit-logs collect --since 2024-05-01 --until 2024-06-01 --action user_login > logins.ndjson
            """
    )

    @OptionGroup var global: GlobalOptions

    @Option(help: "NDJSON file to append to (default: standard output).")
    var output: String?

    @Option(help: "Checkpoint file: where the collection resumes from.")
    var checkpoint: String?

    @Option(help: "First time to collect (ignored when the checkpoint exists): \(TimeArgument.forms).")
    var since: TimeArgument?

    @Option(
        help: ArgumentHelp(
            "Stop at this time, exclusive: \(TimeArgument.forms). Default: now minus the settle lag, or never with "
                + "--follow."
        )
    )
    var until: TimeArgument?

    @Flag(help: "Keep collecting new events until interrupted.")
    var follow = false

    @Option(help: "With --follow, time between rounds (\(DurationArgument.forms)).")
    var interval: DurationArgument = DurationArgument(seconds: 60)

    @Option(help: "How far behind now to stay, so late-arriving events are not skipped (\(DurationArgument.forms)).")
    var settleLag: DurationArgument = DurationArgument(seconds: 300)

    @Option(
        help: "Also re-read this span before each round's new events, for very late ones (\(DurationArgument.forms))."
    )
    var recheck: DurationArgument?

    @Option(help: "Windows read at once (they share the rate limit; extra ones are opened only where they pay).")
    var workers: Int = 1

    @Option(help: "Output order; oldest-first keeps each window in a spool on disk until it is read.")
    var order: OrderArgument = .asFetched

    @OptionGroup var rateOption: RateOption

    @Flag(
        help: ArgumentHelp(
            "Probe the range with one or two calls, print the estimated events, calls and duration for 1 to N "
                + "workers (N: --workers, at least 4), and exit without writing anything."
        )
    )
    var plan = false

    @OptionGroup var filters: FilterOptions

    @Option(help: "Entries per page, 1 to 9999.")
    var limit: Int = LogsQuery.maximumLimit

    @Flag(help: "Wrap each entry with the collection time and its window.")
    var metadata = false

    @Flag(help: "Recover a missing or damaged checkpoint by reading the IDs already in the output.")
    var rescanOutput = false

    @OptionGroup(title: "Shipping (optional): deliver the output to a SIEM as it is collected")
    var sinkOptions: SinkOptions

    /// The times and durations, checked: each option's own range, with a message that says it.
    struct Times {
        var since: Int64?
        var until: Int64?
        var interval: Int64
        var settleLag: Int64
        var recheck: Int64?
    }

    func times() throws -> Times {
        let times = Times(
            since: try since?.seconds(for: "--since"),
            until: try until?.seconds(for: "--until"),
            interval: try interval.seconds(for: "--interval", in: 1...86_400),
            settleLag: try settleLag.seconds(
                for: "--settle-lag",
                in: 0...(7 * 86_400),
                why: " (late events arrive within minutes; a longer lag only keeps collection behind)"
            ),
            recheck: try recheck?.seconds(for: "--recheck", in: 1...(30 * 86_400))
        )
        if let since = times.since, let until = times.until, since >= until {
            throw ValidationError(
                "--since (\(iso8601(since))) must be before --until (\(iso8601(until))); --until is exclusive."
            )
        }
        return times
    }

    func validate() throws {
        _ = try times()
        try rateOption.validate(loopback: global.isLoopback)
        guard (1...64).contains(workers) else { throw ValidationError("--workers must be 1 to 64, got \(workers).") }
        guard (1...LogsQuery.maximumLimit).contains(limit) else {
            throw ValidationError("--limit must be between 1 and \(LogsQuery.maximumLimit), got \(limit).")
        }
        if sinkOptions.isGiven, output == nil || checkpoint == nil {
            throw ValidationError("--sink ships the journal: give it with --output FILE and --checkpoint FILE.")
        }
    }

    func run() async throws {
        try await reportingFailures(verbose: global.verbose) {
            let checkpointExists = checkpoint.map { FileManager.default.fileExists(atPath: $0) } ?? false
            let times = try times()
            guard let start = times.since ?? (checkpointExists ? 0 : nil) else {
                throw CLIError(
                    message: "Say where to start: --since 30d (or a date), or --checkpoint FILE of an earlier run.",
                    hint: "Slack keeps audit logs from March 2018; a first backfill of months takes a while at 50 "
                        + "calls per minute.",
                    exitCode: ExitStatus.usage
                )
            }
            let token = try global.token()
            let limiter = try RateLimiter(.perMinute(rateOption.rate))
            let client = try global.makeClient(token: token, rateLimiter: limiter)
            var configuration = AuditLogsCollector.Configuration(
                query: LogsQuery(
                    actions: filters.actions,
                    actor: filters.actor,
                    entity: filters.entity,
                    limit: limit
                ),
                start: start,
                end: times.until,
                follow: follow,
                followInterval: .seconds(times.interval),
                settleLag: .seconds(times.settleLag),
                recheckSpan: times.recheck.map { .seconds($0) },
                workers: workers,
                order: order.order,
                output: output.map(CollectorOutput.file) ?? .standardOutput,
                checkpointPath: checkpoint,
                includeMetadata: metadata,
                recovery: rescanOutput ? .rescanOutput : .strict
            )
            configuration.now = { Int64(Date().timeIntervalSince1970) }
            let bounded = until != nil || !follow
            let summary: CollectionSummary
            do {
                let logger = global.makeLogger()
                let collector = try AuditLogsCollector(client: client, configuration: configuration, logger: logger)
                if plan {
                    Terminal.write(PlanReport.render(try await collector.plan(workers: 1...max(workers, 4))))
                    try await client.shutdown()
                    return
                }
                if let output, sinkOptions.isGiven {
                    summary = try await collectAndShip(collector, output: output, bounded: bounded, logger: logger)
                } else {
                    summary = try await ShutdownSignals.run(logger: logger) {
                        try await collector.run { progress in ProgressLine.show(progress, bounded: bounded) }
                    }
                }
                try await client.shutdown()
            } catch {
                try? await client.shutdown()
                throw error
            }
            Terminal.endStatus()
            if Terminal.standardErrorIsTerminal || global.verbose {
                Terminal.diagnostic(
                    "\(summary.interrupted ? "Interrupted" : "Done"): \(summary.delivered) events written"
                        + (summary.duplicatesSkipped > 0 ? ", \(summary.duplicatesSkipped) duplicates skipped" : "")
                        + "; every event before \(iso8601(summary.completeUntil)) is in \(output ?? "the output")."
                )
                let statistics = limiter.statistics
                Terminal.diagnostic(
                    "Rate limiter: \(statistics.calls) calls, \(statistics.rateLimitedResponses) answered 429, "
                        + "waited \(statistics.totalWait.components.seconds) s in all."
                )
            }
            if summary.interrupted { throw ExitCode(ExitStatus.interrupted) }
        }
    }
}

extension CollectCommand {
    /// Collects into `output` and ships it in the same process: the shipper follows the journal and stops once it
    /// has delivered everything the collector committed before it finished (or with it, on a signal).
    func collectAndShip(
        _ collector: AuditLogsCollector,
        output: String,
        bounded: Bool,
        logger: Logger
    ) async throws -> CollectionSummary {
        let sink = try sinkOptions.makeSink()
        let collectorDone = CompletionFlag()
        var configuration = Shipper.Configuration(journalPath: output, checkpointPath: checkpoint)
        configuration.follow = true
        configuration.batchEntries = sinkOptions.batch
        configuration.backoff = sinkOptions.backoff
        configuration.stopWhenCaughtUp = { collectorDone.isSet }
        let shipper = try Shipper(sink: sink, configuration: configuration, logger: logger)
        let outcome: (CollectionSummary, Shipper.Summary)
        do {
            outcome = try await ShutdownSignals.run(logger: logger) {
                try await withThrowingTaskGroup(of: Shipper.Summary?.self) { group in
                    group.addTask { try await shipper.run() }
                    let summary = try await collector.run { progress in
                        ProgressLine.show(progress, bounded: bounded)
                    }
                    collectorDone.set()
                    var shipped = Shipper.Summary()
                    for try await result in group { if let result { shipped = result } }
                    return (summary, shipped)
                }
            }
        } catch {
            await sink.shutdown()
            throw error
        }
        await sink.shutdown()
        Terminal.diagnostic(
            "Shipped \(outcome.1.delivered) entries to \(sink.name) (\(sink.guarantee.rawValue)), "
                + "\(outcome.1.deadLettered) dead-lettered."
        )
        return outcome.0
    }
}

/// Set once, read from any thread: "the collector of this process has finished".
private final class CompletionFlag: Sendable {
    private let state = Atomic<Bool>(false)
    var isSet: Bool { state.load(ordering: .acquiring) }
    func set() { state.store(true, ordering: .releasing) }
}
