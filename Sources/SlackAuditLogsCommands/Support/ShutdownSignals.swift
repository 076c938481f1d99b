import Logging
import ServiceLifecycle
import Synchronization

/// How the CLI owns the process's signals: through swift-service-lifecycle, never in a library.
///
/// ``run(logger:_:)`` runs one operation as the only service of a `ServiceGroup` that turns SIGINT and SIGTERM into a
/// graceful shutdown: the group traps the signals before the operation starts (so a signal sent as soon as the
/// process says it is ready is caught, not fatal), and on a signal the operation's task is cancelled; the collector
/// then checkpoints what it wrote and returns a summary that says it was interrupted.
package enum ShutdownSignals {
    /// Warnings and errors to standard error: for the commands that take no `--log-level`.
    package static var warningsLogger: Logger {
        var logger = Logger(label: "slack-audit-logs", factory: StreamLogHandler.standardError(label:))
        logger.logLevel = .warning
        return logger
    }

    /// Runs `operation` until it returns, or until SIGINT or SIGTERM cancels it; returns or throws what it did.
    package static func run<Success: Sendable>(
        logger: Logger = warningsLogger,
        _ operation: @escaping @Sendable () async throws -> Success
    ) async throws -> Success {
        let service = OperationService(operation: operation)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(
                        service: service,
                        successTerminationBehavior: .gracefullyShutdownGroup,
                        failureTerminationBehavior: .gracefullyShutdownGroup
                    )
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
        guard let outcome = service.outcome.withLock({ $0 }) else { throw CancellationError() }
        return try outcome.get()
    }

    /// Waits until SIGINT or SIGTERM; `ready` runs once the signals are trapped.
    package static func wait(logger: Logger = warningsLogger, ready: @escaping @Sendable () -> Void) async throws {
        try await run(logger: logger) {
            ready()
            try? await gracefulShutdown()
        }
    }
}

/// One operation as a service: cancelled on graceful shutdown; its outcome kept for the caller, because a service
/// that throws would make the group log the error as well as end.
private final class OperationService<Success: Sendable>: Service, Sendable {
    let operation: @Sendable () async throws -> Success
    let outcome = Mutex<Result<Success, any Error>?>(nil)

    init(operation: @escaping @Sendable () async throws -> Success) {
        self.operation = operation
    }

    func run() async {
        let result: Result<Success, any Error>
        do {
            result = .success(try await cancelWhenGracefulShutdown(operation))
        } catch {
            result = .failure(error)
        }
        outcome.withLock { $0 = result }
    }
}
