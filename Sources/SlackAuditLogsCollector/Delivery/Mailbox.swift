import Synchronization

/// Messages from the workers to the one writer, received in the order they were posted.
///
/// Written by hand rather than with `AsyncStream`, because the writer must answer every message it never got to
/// (each carries a continuation a worker is waiting on): ``close()`` hands them back instead of dropping them, and a
/// cancelled ``receive()`` returns `nil` without losing what is queued.
final class Mailbox<Message: Sendable>: Sendable {
    private struct State {
        var messages: [Message] = []
        var receiver: CheckedContinuation<Message?, Never>?
        var isClosed = false
    }

    private let state = Mutex(State())

    /// Queues a message; returns `false` when the mailbox is closed (nobody will answer: the sender answers itself).
    func post(_ message: Message) -> Bool {
        let (accepted, receiver) = state.withLock { state -> (Bool, CheckedContinuation<Message?, Never>?) in
            guard !state.isClosed else { return (false, nil) }
            if let receiver = state.receiver {
                state.receiver = nil
                return (true, receiver)
            }
            state.messages.append(message)
            return (true, nil)
        }
        receiver?.resume(returning: message)
        return accepted
    }

    /// The next message; `nil` when the mailbox is closed or the task is cancelled. One receiver at a time.
    func receive() async -> Message? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Message?, Never>) in
                let ready: Message?? = state.withLock { state in
                    if !state.messages.isEmpty {
                        // At most one message per worker waits here, so removing the first is cheap; and it lets go
                        // of the page the message holds at once.
                        return .some(state.messages.removeFirst())
                    }
                    if state.isClosed || Task.isCancelled { return .some(nil) }
                    state.receiver = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            let receiver = state.withLock { state -> CheckedContinuation<Message?, Never>? in
                defer { state.receiver = nil }
                return state.receiver
            }
            receiver?.resume(returning: nil)
        }
    }

    /// Closes the mailbox and returns the messages never received, for the receiver to answer.
    func close() -> [Message] {
        let (left, receiver) = state.withLock { state -> ([Message], CheckedContinuation<Message?, Never>?) in
            state.isClosed = true
            let left = state.messages
            state.messages = []
            defer { state.receiver = nil }
            return (left, state.receiver)
        }
        receiver?.resume(returning: nil)
        return left
    }
}
