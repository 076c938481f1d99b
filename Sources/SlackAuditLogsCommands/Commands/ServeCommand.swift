import ArgumentParser
import CoreMetrics
import Foundation
import Logging
import Prometheus
import SlackAuditLogsSimulator
import Synchronization
import UnixSignals

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Collect and deliver for several organizations, as a service, with metrics and health.",
        discussion: """
            Reads a YAML configuration file describing one or more Enterprise organizations — each with its own \
            token source (a file, read again before every poll, or an environment variable), filters, rate budget \
            (50 calls a minute by default, never shared), settle lag, journal and sinks — checks every setting, then \
            polls each organization into its journal (like `collect`, checkpointed) and delivers the journal to \
            its sinks (like `ship --follow`). One organization failing (token revoked, plan lost, SIEM down) is \
            reported and retried with backoff; the others go on.

            Signals: SIGTERM or SIGINT stop gracefully (every delivered entry checkpointed), exit 0. SIGHUP reads \
            the file again and starts, stops or restarts only the organizations that changed; a file with a \
            mistake is refused and the running configuration stays.

            With `http: {listen: 127.0.0.1:9464}`: GET /metrics (Prometheus text format: per organization events \
            collected, calls, 429s, current rate, watermark lag, seconds since the last poll, no-data; per sink \
            delivered, retried, dead-lettered, lag), /healthz (the process is alive) and /readyz (503 with a JSON \
            body naming the organization or sink that is not ready, and why).

            With a `database: {url_file: …}` section (slack-audit-logs-postgres only): several instances share the \
            organizations through PostgreSQL — per-organization leases with a fencing epoch, the journal, \
            checkpoints and positions in tables, every commit refused once another instance has taken over.

            Example:
              slack-audit-logs serve --config /etc/slack-audit-logs/serve.yaml --check
              slack-audit-logs serve --config /etc/slack-audit-logs/serve.yaml

            \(ExitStatus.documentation)
            """
    )

    @Option(help: "The configuration file (YAML; see the README).")
    var config: String

    @Flag(
        help:
            "Check the configuration file and every secret source (readable, holding a secret) and exit: 0 when all can be used, 78 with the mistakes when not."
    )
    var check = false

    @Option(help: "Log level on standard error.")
    var logLevel: LogLevelArgument = .notice

    @Flag(name: .shortAndLong, help: "Log at debug level. Never a secret.")
    var verbose = false

    func run() async throws {
        try await reportingFailures(verbose: verbose) {
            let configuration = try Self.load(config)
            if check {
                // The secrets too: --check runs as the service's user (ExecStartPre), so a token file it cannot
                // read is found before the service starts.
                var problems = configuration.secretProblems()
                if configuration.database != nil, ServeClusterRegistry.registered == nil {
                    problems.append(
                        "\(config): database: this build of slack-audit-logs has no PostgreSQL store; run "
                            + "slack-audit-logs-postgres, or remove the database section."
                    )
                }
                guard problems.isEmpty else {
                    throw CLIError(
                        message: problems.joined(separator: "\n"),
                        hint: "Fix each source: the file must be readable by this user and hold the secret on its "
                            + "first line; an environment variable must be set.",
                        exitCode: ExitStatus.configuration
                    )
                }
                let summary = configuration.organizations.map { organization in
                    "\(organization.name) (\(organization.sinks.count) sink\(organization.sinks.count == 1 ? "" : "s"))"
                }
                Terminal.diagnostic(
                    "\(config): valid; \(configuration.organizations.count) organization"
                        + "\(configuration.organizations.count == 1 ? "" : "s"): \(summary.joined(separator: ", "))."
                )
                return
            }
            var made = Logger(label: "slack-audit-logs", factory: StreamLogHandler.standardError(label:))
            made.logLevel = verbose ? min(logLevel.level, .debug) : logLevel.level
            let logger = made
            let registry = PrometheusCollectorRegistry()
            let factory = PrometheusMetricsFactory(registry: registry)
            Self.bootstrapMetrics(factory)
            try await ShutdownSignals.run(logger: logger) {
                try await Self.serve(configuration, registry: registry, factory: factory, logger: logger)
            }
            Terminal.diagnostic("Stopped: every organization's journal and every sink's position are checkpointed.")
        }
    }

    /// The configuration, or the mistake as the CLI's error (exit 78).
    static func load(_ path: String) throws -> ServeConfiguration {
        do {
            return try ServeConfiguration.load(path: path)
        } catch {
            throw CLIError(message: error.description, hint: nil, exitCode: ExitStatus.configuration)
        }
    }

    private static let bootstrapped = Mutex(false)

    /// The process's metrics go to the registry `/metrics` serves; bootstrapped once per process (swift-metrics
    /// allows one), and every part is also handed the factory directly.
    private static func bootstrapMetrics(_ factory: PrometheusMetricsFactory) {
        let first = bootstrapped.withLock { done in
            defer { done = true }
            return !done
        }
        if first { MetricsSystem.bootstrap(factory) }
    }

    private static func serve(
        _ initial: ServeConfiguration,
        registry: PrometheusCollectorRegistry,
        factory: PrometheusMetricsFactory,
        logger: Logger
    ) async throws {
        // SIGHUP is trapped before anything says it is ready: a reload sent then is caught, not fatal.
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        let board = HealthBoard(factory: factory, logger: logger)
        var cluster: (any ServeCluster)?
        if let database = initial.database {
            cluster = try await Self.connect(
                database,
                configurationPath: initial.path,
                factory: factory,
                logger: logger
            )
        }
        // Detached: the leases are kept until every worker has stopped (and checkpointed), not cut by the
        // graceful shutdown that stops the workers.
        let leases = cluster.map { cluster in Task.detached { await cluster.run() } }
        let supervisor = ServeSupervisor(board: board, factory: factory, cluster: cluster, logger: logger)
        var endpoint: LoopbackHTTPServer?
        if let listen = initial.listen {
            let server: LoopbackHTTPServer
            do {
                server = try await ServeEndpoint.start(listen, board: board, registry: registry)
            } catch {
                throw CLIError(
                    message: "Cannot listen on \(listen) (http.listen in \(initial.path)): \(error).",
                    hint: "Give a free port and an address of this machine, such as 127.0.0.1:9464.",
                    exitCode: ExitStatus.configuration
                )
            }
            endpoint = server
            logger.notice(
                "Serving /metrics, /healthz and /readyz",
                metadata: ["url": "http://\(listen.urlHost):\(server.port)/"]
            )
        }
        await supervisor.apply(initial)
        logger.notice(
            "Serving the organizations",
            metadata: ["organizations": "\(initial.organizations.map(\.name).joined(separator: ","))"]
        )
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                var current = initial
                for await _ in hangups {
                    logger.notice("SIGHUP: reading the configuration again", metadata: ["file": "\(initial.path)"])
                    let next: ServeConfiguration
                    do {
                        next = try ServeConfiguration.load(path: initial.path)
                    } catch {
                        logger.error(
                            "The configuration is refused; the running one stays",
                            metadata: ["error": "\(error)"]
                        )
                        continue
                    }
                    if next.listen != current.listen {
                        logger.warning("http.listen changed; restart the service to move the endpoint")
                    }
                    if next.database != current.database {
                        logger.error("The database section changed; the running one stays: restart the service")
                        continue
                    }
                    let plan = await supervisor.apply(next)
                    current = next
                    logger.notice(
                        "Configuration reloaded",
                        metadata: [
                            "started": "\(plan.start.map(\.name).joined(separator: ","))",
                            "stopped": "\(plan.stop.joined(separator: ","))",
                            "restarted": "\(plan.restart.map(\.name).joined(separator: ","))",
                            "unchanged": "\(plan.unchanged.joined(separator: ","))",
                        ]
                    )
                }
            }
            // The no-data warning and the gauges do not wait for a scrape.
            group.addTask {
                while !Task.isCancelled {
                    board.refresh()
                    try? await Task.sleep(for: .seconds(1))
                }
            }
            await group.waitForAll()
        }
        logger.notice("Stopping: checkpointing every organization")
        await supervisor.stopAll()
        if let leases {
            leases.cancel()
            await leases.value
        }
        try? await endpoint?.shutdown()
    }

    /// The cluster of the configuration's `database` section, from the store this build links; exit 78 when it
    /// links none or the URL cannot be read, and the store's own error when it cannot be reached.
    private static func connect(
        _ database: ServeConfiguration.Database,
        configurationPath: String,
        factory: any MetricsFactory,
        logger: Logger
    ) async throws -> any ServeCluster {
        guard let make = ServeClusterRegistry.registered else {
            throw CLIError(
                message: "\(configurationPath): database: this build of slack-audit-logs has no PostgreSQL store.",
                hint: "Run slack-audit-logs-postgres (swift build -c release --product slack-audit-logs-postgres), "
                    + "or remove the database section to keep each organization in a file journal.",
                exitCode: ExitStatus.configuration
            )
        }
        let url: String
        do {
            url = try database.url.read(what: "database URL")
        } catch {
            throw CLIError(
                message: "\(configurationPath): database: \(OrganizationWorker.reason(error))",
                hint: "The file must be readable by this user and hold the URL on its first line.",
                exitCode: ExitStatus.configuration
            )
        }
        let settings = ServeClusterSettings(
            url: url,
            leaseTTL: .seconds(database.leaseTTL),
            instanceName: database.instanceName ?? Self.defaultInstanceName(),
            logger: logger,
            metricsFactory: factory
        )
        do {
            return try await make(settings)
        } catch let error as ServeClusterError {
            throw CLIError(
                message: "\(configurationPath): database: \(error.message)",
                hint: error.hint,
                exitCode: error.kind == .invalidConfiguration ? ExitStatus.configuration : ExitStatus.network
            )
        }
    }

    /// The host's name and this process's ID: unique among the instances that may run at once.
    private static func defaultInstanceName() -> String {
        "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)"
    }
}
