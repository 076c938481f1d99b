import Logging
import PostgresNIO
import Synchronization

/// How the store runs its statements: on a connection of the pool that is still open, within a deadline.
///
/// Written by hand for two behaviours postgres-nio 1.33 does not have. A statement sent on a pooled connection
/// that the server has just closed (`pg_terminate_backend`, a restart) is written to a closed channel and never
/// answered, so its caller would wait forever; such a connection is refused here before anything is sent, and the
/// statement is tried again on another one. And the pool waits without limit for a connection when the server is
/// down; every statement here gives up after its deadline instead, so the lease loop keeps its rhythm and a commit
/// fails (and is retried by its caller) rather than hanging.
package struct PostgresSession: Sendable {
    let client: PostgresClient
    let logger: Logger
    /// The longest a statement (with the wait for a connection) may take.
    let deadline: Duration

    package init(client: PostgresClient, logger: Logger, deadline: Duration) {
        self.client = client
        self.logger = logger
        self.deadline = deadline
    }

    /// The connection was closed by the server before the statement was sent.
    struct ClosedConnection: Error {}

    /// The statement did not finish within the deadline (the database is down or unreachable).
    struct DeadlineExceeded: Error {
        var deadline: Duration
    }

    /// Runs `body` on an open connection; tries again (at most three times) when the pool hands out one the server
    /// has closed.
    package func run<Result: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> Result
    ) async throws -> Result {
        let client = client
        let logger = logger
        return try await Self.within(deadline) {
            var attempt = 0
            while true {
                attempt += 1
                do {
                    return try await client.withConnection { connection in
                        guard !connection.isClosed else { throw ClosedConnection() }
                        return try await body(connection, logger)
                    }
                } catch is ClosedConnection where attempt < 3 {
                    try await Task.sleep(for: .milliseconds(20 * attempt))
                }
            }
        }
    }

    /// Runs `body` in one transaction (BEGIN … COMMIT, ROLLBACK when it throws) on an open connection.
    package func transaction<Result: Sendable>(
        _ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> Result
    ) async throws -> Result {
        try await run { connection, logger in
            try await connection.withTransaction(logger: logger) { connection in
                try await body(connection, logger)
            }
        }
    }

    /// `operation`'s result, or ``DeadlineExceeded`` once `limit` has passed — even when the operation itself
    /// never returns (it is then cancelled and left behind). Cancelling the caller cancels the operation.
    static func within<Result: Sendable>(
        _ limit: Duration,
        _ operation: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        let outcome = Outcome<Result>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                outcome.start(continuation)
                let work = Task {
                    do {
                        outcome.finish(.success(try await operation()))
                    } catch {
                        outcome.finish(.failure(error))
                    }
                }
                outcome.setWork(work)
                Task {
                    try? await Task.sleep(for: limit)
                    if outcome.finish(.failure(DeadlineExceeded(deadline: limit))) { work.cancel() }
                }
            }
        } onCancel: {
            outcome.cancel()
        }
    }

    /// The first of the operation, its deadline and a cancellation to finish resumes the caller.
    private final class Outcome<Result: Sendable>: Sendable {
        private struct State {
            var continuation: CheckedContinuation<Result, any Error>?
            var work: Task<Void, Never>?
            var finished = false
            var cancelled = false
        }

        private let state = Mutex(State())

        func start(_ continuation: CheckedContinuation<Result, any Error>) {
            let cancelled = state.withLock { state in
                state.continuation = continuation
                return state.cancelled
            }
            if cancelled { finish(.failure(CancellationError())) }
        }

        func setWork(_ work: Task<Void, Never>) {
            let cancelled = state.withLock { state in
                state.work = work
                return state.cancelled
            }
            if cancelled { work.cancel() }
        }

        /// Resumes the caller with `result` unless it was resumed already; returns whether it was this call.
        @discardableResult
        func finish(_ result: Swift.Result<Result, any Error>) -> Bool {
            let continuation = state.withLock { state -> CheckedContinuation<Result, any Error>? in
                guard !state.finished, let continuation = state.continuation else { return nil }
                state.finished = true
                state.continuation = nil
                return continuation
            }
            continuation?.resume(with: result)
            return continuation != nil
        }

        func cancel() {
            let work = state.withLock { state in
                state.cancelled = true
                return state.work
            }
            work?.cancel()
            finish(.failure(CancellationError()))
        }
    }
}
