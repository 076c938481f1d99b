import Foundation
import Logging
import SlackAuditLogs
import Synchronization

/// A faithful fake of Slack's Audit Logs API, served over HTTP on loopback inside your process.
///
/// It generates a realistic organization and its events from a seed, and serves `GET logs`, `GET schemas` and
/// `GET actions` with Slack's semantics and quirks: bearer tokens, inclusive `oldest`/`latest`, action/actor/entity
/// filters, newest-first pages that never split a second (so a page can exceed `limit`), base64 cursors full of `+`,
/// `/` and `=` that do not carry the filters, an organization-wide rate limit with `Retry-After`, error codes, and
/// injectable faults.
///
/// ```swift
/// try await AuditLogsSimulator.withSimulator { simulator in
///     try await simulator.withClient { client in
///         let page = try await client.logs(limit: 100)
///         let expected = try simulator.expectedIDs(for: LogsQuery())
///         #expect(page.typedBody.entries.map(\.id) == Array(expected.prefix(100)))
///     }
/// }
/// ```
///
/// ``start(configuration:logger:)`` and ``shutdown()`` are the unscoped form, for a simulator that must outlive
/// one function.
public final class AuditLogsSimulator: Sendable {
    /// The token the simulator accepts by default.
    public static let defaultToken = "xoxp-0000000000-0000000000-0000000000-simulatorsimulatorsimulator00"

    /// The generated organization: its users, channels, files, apps and the rest.
    package let organization: SimulatedOrganization
    /// The action names the simulator knows (the real `/actions` capture).
    package let catalog: ActionCatalog
    /// The configuration the simulator was started with.
    public let configuration: Configuration

    let core: SimulatorCore
    let generator: Mutex<EventGenerator>
    private let server: LoopbackHTTPServer
    private let logger: Logger

    private init(
        configuration: Configuration,
        organization: SimulatedOrganization,
        catalog: ActionCatalog,
        generator: EventGenerator,
        core: SimulatorCore,
        server: LoopbackHTTPServer,
        logger: Logger
    ) {
        self.configuration = configuration
        self.organization = organization
        self.catalog = catalog
        self.generator = Mutex(generator)
        self.core = core
        self.server = server
        self.logger = logger
    }

    /// The TCP port the simulator listens on.
    public var port: Int { server.port }

    /// The URL to give `AuditLogsClient.Configuration.baseURL`: `http://127.0.0.1:PORT/audit/v1/`.
    public var baseURL: String { "http://127.0.0.1:\(server.port)\(core.settings.basePath)" }

    /// Whether the simulator still accepts connections (false after ``shutdown()``).
    package var isServing: Bool { server.isListening }

    /// A token the simulator accepts.
    public var token: String { configuration.tokens.sorted().first ?? "" }

    /// Generates the organization and the events, and starts serving on loopback.
    ///
    /// - Throws: ``SimulationError`` when the configuration is not usable, or the error of the socket when the port
    ///   cannot be bound.
    public static func start(
        configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "slack-audit-logs.simulator", factory: { _ in SwiftLogNoOpLogHandler() })
    ) async throws -> AuditLogsSimulator {
        try configuration.validate()
        let catalog = try ActionCatalog.bundled()
        let organization = try SimulatedOrganization(
            seed: configuration.seed,
            configuration: configuration.organization
        )
        var generator = try EventGenerator(
            organization: organization,
            catalog: catalog,
            configuration: configuration.events ?? .recent(count: 1)
        )
        let initial = configuration.events == nil ? [] : generator.makeEvents()
        let renderer = SimulatedEventRenderer(organization: organization, catalog: catalog)
        let data = SimulatorData(
            actionIndices: Dictionary(grouping: catalog.actions.indices, by: { catalog.actions[$0] })
                .mapValues { $0.map(UInt16.init) },
            userIndex: Dictionary(
                (0..<organization.count(of: .user)).compactMap { index in
                    organization.userID(at: UInt32(index)).map { ($0, UInt32(index)) }
                },
                uniquingKeysWith: { first, _ in first }
            ),
            entityIndex: Self.entityIndex(of: organization),
            render: { event, buffer in renderer.appendJSON(of: event, to: &buffer) },
            actionsCapture: try Self.capture("actions.json"),
            schemasCapture: try Self.capture("schemas.json")
        )
        let settings = SimulatorSettings(
            basePath: configuration.normalizedBasePath,
            defaultLimit: configuration.defaultLimit,
            cursorLifetime: configuration.cursorLifetime,
            retryAfterStyle: configuration.retryAfterStyle,
            cursorSecret: configuration.seed &* 0x9E37_79B9_7F4A_7C15 | 1
        )
        let state = SimulatorState(
            scenario: configuration.scenario,
            validTokens: configuration.tokens,
            faults: configuration.faults,
            random: SimulationRandom(seed: configuration.faults.seed),
            bucket: TokenBucket(limit: configuration.rateLimit, now: .now),
            rateLimit: configuration.rateLimit,
            requests: RequestLog(limit: configuration.requestLogLimit)
        )
        let core = SimulatorCore(settings: settings, data: data, store: EventStore(initial), state: state)
        let server = try await LoopbackHTTPServer.start(
            host: configuration.host,
            port: configuration.port,
            requestLogLimit: 0
        ) { request in
            await core.handle(request)
        }
        logger.info(
            "Audit Logs simulator listening",
            metadata: ["port": "\(server.port)", "events": "\(initial.count)", "seed": "\(configuration.seed)"]
        )
        return AuditLogsSimulator(
            configuration: configuration,
            organization: organization,
            catalog: catalog,
            generator: generator,
            core: core,
            server: server,
            logger: logger
        )
    }

    /// Stops serving and closes every connection.
    public func shutdown() async throws {
        try await server.shutdown()
    }

    private static func entityIndex(of organization: SimulatedOrganization) -> [String: EntityReference] {
        var index: [String: EntityReference] = [:]
        for kind in EntityKind.allCases {
            for position in 0..<organization.count(of: kind) {
                let reference = EntityReference(kind: kind, index: UInt32(position))
                if let id = organization.entityID(for: reference), index[id] == nil { index[id] = reference }
            }
        }
        return index
    }

    private static func capture(_ name: String) throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Resources") else {
            throw SimulationError.missingResource(
                "The bundled capture \(name) is missing from the simulator's resources."
            )
        }
        return Array(try Data(contentsOf: url))
    }
}
