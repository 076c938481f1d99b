import Synchronization

/// When each task of a test finished, shared between the tasks.
final class CompletionLog: Sendable {
    private let entries = Mutex<[(name: String, time: Duration)]>([])

    /// Notes that the task called `name` finished at `time`.
    func record(_ name: String = "", at time: Duration) {
        entries.withLock { $0.append((name, time)) }
    }

    /// How many tasks have finished.
    var count: Int { entries.withLock { $0.count } }

    /// The times, in the order the tasks finished.
    var times: [Duration] { entries.withLock { $0.map(\.time) } }

    /// When the task called `name` finished, if it has.
    func time(of name: String) -> Duration? {
        entries.withLock { $0.first { $0.name == name }?.time }
    }
}
