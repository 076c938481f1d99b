import ArgumentParser
import Foundation
import SlackAuditLogs
import SlackAuditLogsSimulator

struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Serve a simulated Audit Logs API on loopback, for trying the tool or testing a SIEM pipeline.",
        discussion: """
            Prints the base URL and the token to use, then serves until SIGINT or SIGTERM. The simulator behaves like \
            Slack: paging, filters, errors, the organization-wide rate limit with 429s, and optional faults.

            Example:
              slack-audit-logs simulate --port 8080 --events 100000 --days 7
              SLACK_AUDIT_TOKEN=<printed token> slack-audit-logs logs --base-url http://127.0.0.1:8080/audit/v1/
            """
    )

    @Option(help: "Port on 127.0.0.1 (0: any free port).")
    var port: Int = 8080

    @Option(help: "Events to generate.")
    var events: Int = 100_000

    @Option(help: "Days they span, ending now.")
    var days: Int = 1

    @Option(help: "Seed of the generated organization and events.")
    var seed: UInt64 = 1

    @Option(
        help: "How events spread over the days: diurnal (office hours), uniform, bursty (same-second runs), growing."
    )
    var profile: Profile = .diurnal

    @Option(help: "Calls per minute before 429s (0: no limit). Slack's is 50.")
    var rateLimit: Double = 50

    @Option(help: "Probability (0 to 1) that a request meets a fault: reset, truncated body, 5xx, 429.")
    var faults: Double = 0

    @Option(help: "Fraction (0 to 1) of events that become visible late (30 s to 15 min after they happened).")
    var late: Double = 0

    @Option(help: "Milliseconds added to every request, as a network and server would.")
    var latency: Int = 0

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535, got \(port).") }
        guard (0...EventGenerator.Configuration.maximumCount).contains(events) else {
            throw ValidationError("--events must be 0 to \(EventGenerator.Configuration.maximumCount), got \(events).")
        }
        guard (1...3650).contains(days) else { throw ValidationError("--days must be 1 to 3650, got \(days).") }
        guard rateLimit >= 0 else { throw ValidationError("--rate-limit cannot be negative.") }
        guard (0...60_000).contains(latency) else {
            throw ValidationError("--latency must be 0 to 60000 milliseconds, got \(latency).")
        }
        guard (0...1).contains(faults), (0...1).contains(late) else {
            throw ValidationError("--faults and --late are probabilities from 0 to 1.")
        }
    }

    func run() async throws {
        try await reportingFailures(verbose: false) {
            var configuration = AuditLogsSimulator.Configuration(
                port: port,
                seed: seed,
                events: .recent(
                    count: events,
                    span: Int64(days) * 86_400,
                    seed: seed,
                    rateProfile: profile.rateProfile,
                    lateArrivalFraction: late
                ),
                rateLimit: rateLimit > 0 ? .perMinute(rateLimit) : .unlimited,
                requestLogLimit: 0
            )
            if latency > 0 {
                let delay = Duration.milliseconds(latency)
                configuration.faults.latency = delay...delay
            }
            if faults > 0 {
                let each = faults / 5
                configuration.faults = SimulatorFaults(
                    seed: seed,
                    rules: [
                        .init(.resetMidBody, probability: each), .init(.truncatedBody, probability: each),
                        .init(.serverError(503), probability: each), .init(.serverErrorHTML(502), probability: each),
                        .init(.rateLimited, probability: each),
                    ],
                    latency: configuration.faults.latency
                )
            }
            let simulator: AuditLogsSimulator
            do {
                simulator = try await AuditLogsSimulator.start(configuration: configuration)
            } catch {
                throw CLIError(
                    message: "The simulator could not start on port \(port): \(error)",
                    hint: "Choose another --port, or --port 0 for any free one.",
                    exitCode: ExitStatus.failure
                )
            }
            // Say where the API is only once the signals are trapped: a script may stop it as soon as it reads that.
            try await ShutdownSignals.wait {
                Terminal.write(
                    """
                    Simulated Slack Audit Logs API with \(events) events over \(days) day\(days == 1 ? "" : "s").
                    base URL: \(simulator.baseURL)
                    token:    \(simulator.token)

                    Try:
                      export SLACK_AUDIT_TOKEN=\(simulator.token)
                      slack-audit-logs logs --base-url \(simulator.baseURL) --oldest 1h
                      slack-audit-logs collect --base-url \(simulator.baseURL) --since \(days)d --output audit.ndjson \
                    --checkpoint audit.ckpt

                    Serving until Ctrl-C.

                    """
                )
            }
            try await simulator.shutdown()
        }
    }
}

extension SimulateCommand {
    /// The event profiles `--profile` offers.
    enum Profile: String, ExpressibleByArgument, CaseIterable, Sendable {
        case diurnal, uniform, bursty, growing

        var rateProfile: EventRateProfile {
            switch self {
            case .diurnal: .diurnal
            case .uniform: .uniform
            case .bursty: .bursty()
            case .growing: .growing
            }
        }
    }
}
