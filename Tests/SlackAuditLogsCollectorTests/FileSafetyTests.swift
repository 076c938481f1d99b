import Foundation
import SlackAuditLogs
import SlackAuditLogsCollector
import SlackAuditLogsTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The collector's files are checked as files, not as strings (issue 12): the CLI's tests run the same cases through
/// the binary; these check the library's errors.
@Suite("File safety: the collector opens regular files only, never one file as two, never through a planted link")
struct FileSafetyTests {
    /// A client for collections refused before any call: nothing listens at its base URL.
    static func unreachableClient() throws -> AuditLogsClient {
        try AuditLogsClient(
            token: "xoxp-1",
            configuration: AuditLogsClient.Configuration(
                baseURL: "http://127.0.0.1:1/audit/v1/",
                proxy: .none,
                retryHandlers: [],
                rateLimiter: nil
            )
        )
    }

    func refusal(_ configuration: AuditLogsCollector.Configuration) async throws -> CollectorError? {
        let client = try Self.unreachableClient()
        do {
            _ = try await AuditLogsCollector(client: client, configuration: configuration).run()
            Issue.record("expected a refusal")
        } catch {
            try await client.shutdown()
            return error
        }
        try await client.shutdown()
        return nil
    }

    @Test("a checkpoint that is the output through a link, a hard link or ./ is refused as invalidConfiguration")
    func sameFile() async throws {
        try await withTemporaryDirectory { directory in
            let output = directory + "/audit.ndjson"
            try Data(#"{"id":"a","date_create":1}"#.utf8 + [10]).write(to: URL(fileURLWithPath: output))
            #expect(symlink(output, directory + "/link") == 0)
            #expect(link(output, directory + "/hard") == 0)
            for checkpoint in [directory + "/link", directory + "/hard", directory + "/./audit.ndjson"] {
                var configuration = BackfillTests.configuration(directory: directory)
                configuration.checkpointPath = checkpoint
                let error = try await refusal(configuration)
                #expect(error?.code == .invalidConfiguration)
                #expect(error?.message.contains("are the same file") == true, "\(error?.message ?? "")")
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: output)).count == 27, "untouched")
        }
    }

    @Test("a FIFO or a folder at the output or the checkpoint is refused before anything blocks on it")
    func notRegular() async throws {
        try await withTemporaryDirectory { directory in
            let fifo = directory + "/fifo"
            #expect(mkfifo(fifo, 0o600) == 0)
            var atOutput = BackfillTests.configuration(directory: directory)
            atOutput.output = .file(fifo)
            var atCheckpoint = BackfillTests.configuration(directory: directory)
            atCheckpoint.checkpointPath = fifo
            var folder = BackfillTests.configuration(directory: directory)
            folder.checkpointPath = directory
            for configuration in [atOutput, atCheckpoint, folder] {
                let error = try await refusal(configuration)
                #expect(error?.code == .invalidConfiguration)
                #expect(error?.message.contains("regular files only") == true, "\(error?.message ?? "")")
            }
        }
    }
}
