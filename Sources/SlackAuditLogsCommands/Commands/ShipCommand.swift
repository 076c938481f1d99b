import ArgumentParser
import Foundation
import Logging
import SlackAuditLogs
import SlackAuditLogsShipper

struct ShipCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ship",
        abstract: "Deliver a collected journal to a SIEM, acknowledged, from a saved position.",
        discussion: """
            Reads the NDJSON journal that `collect` writes, up to its checkpoint (only committed entries), and \
            delivers it in batches. The position (<journal>.<sink>.position) moves only after the sink \
            acknowledged every entry before it, so a restart or a SIGKILL resumes exactly there. Elasticsearch \
            and OpenSearch get `create` with _id = the entry's id: a batch sent again is stored once. Temporary \
            failures (429, 5xx, no answer) are retried with backoff, honouring Retry-After; an entry the sink \
            refuses for good goes to <journal>.<sink>.dead-letter.ndjson with the reason. Secrets come from files \
            or the environment (SLACK_AUDIT_ES_API_KEY, SLACK_AUDIT_ES_PASSWORD, SLACK_AUDIT_HEC_TOKEN), never from \
            flags. Splunk HEC gets one envelope per entry (time = date_create, sourcetype slack:audit), gzipped; \
            with --ack a batch counts only once Splunk acknowledges it was indexed. HEC has no idempotency key, so \
            it is at least once: after a failure or a kill, at most the batch in flight is sent again. syslog gets \
            RFC 5424 messages (the entry as MSG, its id and action in [audit@32473 …], MSGID = the action), \
            octet-counted over TCP or TLS; TCP has no acknowledgement, so a batch counts once the local TCP stack \
            took it, and a batch whose write failed is sent again (at least once). One shipper per journal and \
            sink: a second one exits 73.

            Examples:
              slack-audit-logs ship --journal audit.ndjson --checkpoint audit.ckpt --sink elasticsearch \\
                --sink-url https://es.example.com:9200 --api-key-file /etc/slack-audit/es.key
              slack-audit-logs ship --journal audit.ndjson --checkpoint audit.ckpt --follow --sink elasticsearch \\
                --sink-url http://localhost:9200 --index 'slack-audit-%Y.%m'
              SLACK_AUDIT_HEC_TOKEN=… slack-audit-logs ship --journal audit.ndjson --checkpoint audit.ckpt \
                --sink splunk --sink-url https://splunk.example.com:8088 --ack --index security
              slack-audit-logs ship --journal audit.ndjson --checkpoint audit.ckpt --follow --sink syslog \
                --sink-url tls://siem.example.com:6514 --sink-ca-file /etc/ssl/siem-ca.pem

            \(ExitStatus.documentation)
            """
    )

    @Option(help: "The NDJSON journal `collect` writes (--output).")
    var journal: String

    @Option(help: "The collector's checkpoint: only entries it has committed are shipped.")
    var checkpoint: String?

    @Flag(help: "Keep delivering what the collector appends until interrupted.")
    var follow = false

    @OptionGroup var sinkOptions: SinkOptions

    @Option(help: "Log level on standard error.")
    var logLevel: LogLevelArgument = .warning

    @Flag(name: .shortAndLong, help: "More detail in errors and logs. Never a secret.")
    var verbose = false

    func validate() throws {
        guard sinkOptions.isGiven else { throw ValidationError("ship needs --sink and --sink-url.") }
    }

    func run() async throws {
        try await reportingFailures(verbose: verbose) {
            var logger = Logger(label: "slack-audit-logs", factory: StreamLogHandler.standardError(label:))
            logger.logLevel = verbose ? min(logLevel.level, .debug) : logLevel.level
            let sink = try sinkOptions.makeSink()
            var configuration = Shipper.Configuration(journalPath: journal, checkpointPath: checkpoint)
            configuration.follow = follow
            configuration.batchEntries = sinkOptions.batch
            configuration.backoff = sinkOptions.backoff
            let shipper = try Shipper(sink: sink, configuration: configuration, logger: logger)
            let summary: Shipper.Summary
            do {
                summary = try await ShutdownSignals.run(logger: logger) { try await shipper.run() }
            } catch {
                await sink.shutdown()
                throw error
            }
            await sink.shutdown()
            Terminal.diagnostic(
                "\(summary.interrupted ? "Interrupted" : "Done"): \(summary.delivered) entries delivered to "
                    + "\(sink.name) (\(sink.guarantee.rawValue)), \(summary.deadLettered) dead-lettered, "
                    + "\(summary.retried) retried; position \(summary.offset)."
            )
            if summary.interrupted { throw ExitCode(ExitStatus.interrupted) }
        }
    }
}
