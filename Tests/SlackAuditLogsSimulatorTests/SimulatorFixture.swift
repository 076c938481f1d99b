import Logging
import SlackAuditLogs
import SlackAuditLogsSimulator

/// Pages through `query`, re-sending its filters with every cursor, and returns every entry ID in order.
func collectIDs(
    _ client: AuditLogsClient,
    _ query: LogsQuery,
    maximumPages: Int = 10_000
) async throws -> (ids: [String], pages: Int) {
    var ids: [String] = []
    var cursor: String?
    var pages = 0
    repeat {
        let page = try await client.logs(query, cursor: cursor)
        ids += page.typedBody.entries.compactMap(\.id)
        cursor = page.typedBody.nextCursor
        pages += 1
    } while cursor != nil && pages < maximumPages
    return (ids, pages)
}
