import Synchronization

@testable import SlackAuditLogs

/// A clock that only moves when the test moves it. Tasks that sleep on it wake when it passes their deadline, so
/// rate limiter tests check exact instants without sleeping, however loaded the machine is.
final class ManualClock: Sendable {
    private struct Sleeper: Sendable {
        let deadline: ContinuousClock.Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State: Sendable {
        var offset: Duration = .zero
        var nextID = 0
        var sleepers: [Int: Sleeper] = [:]
    }

    /// The instant the clock started at; ``now`` is this plus every ``advance(by:)``.
    let start = ContinuousClock.now
    private let state = Mutex(State())

    /// The clock's current instant.
    var now: ContinuousClock.Instant { start + state.withLock { $0.offset } }

    /// How far the clock has moved.
    var elapsed: Duration { state.withLock { $0.offset } }

    /// The deadlines of the sleeping tasks, from ``start``, earliest first.
    var sleeping: [Duration] {
        state.withLock { state in state.sleepers.values.map { $0.deadline - start }.sorted() }
    }

    /// The clock for a ``RateLimiter``.
    var limiterClock: RateLimiterClock {
        RateLimiterClock(now: { self.now }, sleep: { deadline in try await self.sleep(until: deadline) })
    }

    /// Moves the clock forward and wakes every task whose deadline has come.
    func advance(by duration: Duration) {
        let woken = state.withLock { state in
            state.offset += duration
            let now = start + state.offset
            let due = state.sleepers.filter { $0.value.deadline <= now }
            for id in due.keys { state.sleepers[id] = nil }
            return Array(due.values)
        }
        for sleeper in woken { sleeper.continuation.resume() }
    }

    /// Moves the clock forward to `offset` after ``start``.
    func advance(to offset: Duration) {
        advance(by: offset - elapsed)
    }

    /// Sleeps until the clock reaches `deadline`; throws `CancellationError` when the task is cancelled.
    func sleep(until deadline: ContinuousClock.Instant) async throws {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome: Result<Void, any Error>? = state.withLock { state in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if deadline <= start + state.offset { return .success(()) }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let sleeper = state.withLock { $0.sleepers.removeValue(forKey: id) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }
}

/// Durations in milliseconds, for comparing schedules.
func milliseconds(_ values: Int64...) -> [Duration] {
    values.map(Duration.milliseconds)
}
