import Foundation
import SlackAuditLogs
import SlackAuditLogsCollector
import SlackAuditLogsSimulator
import SlackAuditLogsTestSupport
import Testing

@Suite("The token never leaves the Authorization header")
struct CollectorSecretTests {
    @Test("Not in the output, the checkpoint, any log line, the summary or an error")
    func tokenNowhere() async throws {
        let token = "xoxp-9999999999-8888888888-7777777777-feedfacefeedfacefeedfacefeedface"
        var simulatorConfiguration = AuditLogsSimulator.Configuration(tokens: [token], rateLimit: .unlimited)
        simulatorConfiguration.events = events(count: 1500)
        simulatorConfiguration.faults = SimulatorFaults(
            seed: 3,
            rules: [.init(.serverError(500), probability: 0.1), .init(.rateLimited, probability: 0.1)]
        )
        try await withSimulatedOrg(simulatorConfiguration) { simulator, client in
            try await withTemporaryDirectory { directory in
                let (logger, logs) = memoryLogger()
                var configuration = BackfillTests.configuration(directory: directory, limit: 100)
                configuration.includeMetadata = true
                let collector = try AuditLogsCollector(client: client, configuration: configuration, logger: logger)
                let summary = try await collector.run()
                #expect(summary.delivered == 1500)

                // A refused token: the error text must not repeat it either.
                configuration.output = .file(directory + "/other.ndjson")
                configuration.checkpointPath = directory + "/other.json"
                let refusedConfiguration = configuration
                let error = try await simulator.withClient(token: token + "x") { refused in
                    await #expect(throws: CollectorError.self) {
                        try await AuditLogsCollector(
                            client: refused,
                            configuration: refusedConfiguration,
                            logger: logger
                        )
                        .run()
                    }
                }

                var texts = [
                    try String(contentsOfFile: directory + "/audit.ndjson", encoding: .utf8),
                    try String(contentsOfFile: directory + "/checkpoint.json", encoding: .utf8),
                    String(describing: summary), String(reflecting: collector), String(describing: configuration),
                    error.map { "\($0) \(String(reflecting: $0))" } ?? "",
                ]
                texts += logs.entries.map { "\($0.level) \($0.message) \($0.metadata)" }
                #expect(!logs.entries.isEmpty)
                for text in texts {
                    #expect(!text.contains(token))
                    #expect(!text.contains("feedfacefeedface"))
                }
            }
        }
    }
}
