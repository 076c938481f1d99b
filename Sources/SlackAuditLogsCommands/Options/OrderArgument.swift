import ArgumentParser
import SlackAuditLogsCollector

/// `collect --order`: the order events are written in.
enum OrderArgument: String, ExpressibleByArgument, CaseIterable, Sendable {
    case asFetched = "as-fetched"
    case oldestFirst = "oldest-first"

    var order: AuditLogsCollector.OutputOrder {
        switch self {
        case .asFetched: .asFetched
        case .oldestFirst: .oldestFirst
        }
    }
}
