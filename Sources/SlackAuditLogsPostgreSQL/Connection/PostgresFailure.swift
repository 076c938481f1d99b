import PostgresNIO

/// What went wrong in a PostgreSQL call, in words safe to log: postgres-nio's own `description` of an error is a
/// fixed sentence (so that a query's values never leak), so this names the kind, the SQLSTATE and the server's
/// message — never a bound value, the connection's password, or an entry.
enum PostgresFailure {
    static func describe(_ error: any Error) -> String {
        if let error = error as? PostgresTransactionError {
            let inner = error.closureError ?? error.commitError ?? error.beginError ?? error.rollbackError
            return inner.map(describe) ?? "the transaction failed"
        }
        if let error = error as? PSQLError {
            var text = "\(error.code)"
            if let state = error.serverInfo?[.sqlState] { text += " \(state)" }
            if let message = error.serverInfo?[.message] { text += ": \(message)" }
            if error.serverInfo == nil, let underlying = error.underlying { text += " (\(type(of: underlying)))" }
            return text
        }
        if let error = error as? FencedError { return error.message }
        if let error = error as? PostgresSession.DeadlineExceeded {
            return "no answer within \(error.deadline) (the database is down or unreachable)"
        }
        if error is PostgresSession.ClosedConnection { return "the server closed the connection" }
        if error is CancellationError { return "cancelled" }
        return "\(type(of: error))"
    }

    /// The error a transaction's closure threw, when it is `type` (postgres-nio wraps it).
    static func unwrap<E: Error>(_ error: any Error, as type: E.Type) -> E? {
        if let error = error as? E { return error }
        if let error = error as? PostgresTransactionError, let inner = error.closureError { return inner as? E }
        return nil
    }
}

/// A commit refused because the lease is not this instance's at its epoch any more: another instance took the
/// organization over. Nothing of the commit was written.
package struct FencedError: Error, Sendable {
    var organization: String
    var epoch: Int64
    /// The holder and epoch found in the leases table.
    var currentHolder: String?
    var currentEpoch: Int64?

    var message: String {
        "The commit for \(organization) was refused and rolled back: this instance's lease (epoch \(epoch)) was "
            + "taken over (the lease is now \(currentHolder ?? "nobody")'s at epoch \(currentEpoch.map(String.init) ?? "none")"
            + "). Another instance works on the organization; this one stops."
    }
}
