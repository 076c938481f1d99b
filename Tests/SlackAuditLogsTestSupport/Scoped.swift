import SlackAuditLogs
import SlackAuditLogsSimulator

/// Something a test starts and must stop: a server, a proxy, a client.
public protocol ShutsDown {
    func shutdown() async throws
}

extension AuditLogsClient: ShutsDown {}
extension LoopbackHTTPServer: ShutsDown {}

/// Runs `body` with `resource`, then awaits its shutdown whether `body` returned or threw: the scoped form every
/// test uses for servers, proxies and clients, so that no shutdown is left running after the test ends.
///
/// When `body` throws, its error is the one rethrown (a failing shutdown after it is ignored); when `body` returns,
/// a failing shutdown fails the test.
public func withShutdown<Resource: ShutsDown, Result>(
    _ resource: Resource,
    _ body: (Resource) async throws -> Result
) async throws -> Result {
    let result: Result
    do {
        result = try await body(resource)
    } catch {
        try? await resource.shutdown()
        throw error
    }
    try await resource.shutdown()
    return result
}
