/// Which entries are already in the output, beyond what each window's position says: the entries an interrupted run
/// wrote after its last checkpoint, the entries found by a rescan of the whole output, and the recent entries a
/// re-check compares against. A plain value: no I/O.
struct DeliveryLedger: Sendable {
    /// IDs an interrupted run wrote after its last checkpoint: written once already, skipped when they come again.
    private(set) var replay: Set<String>
    /// IDs found by a rescan of the whole output (recovery without a usable checkpoint).
    private(set) var rescanned: Set<String>
    /// Entries written in the re-check span, by ID, with their second; empty when re-checking is off.
    private(set) var recent: [String: Int64]
    /// Whether ``recent`` is kept (re-checking is on).
    let remembersRecent: Bool

    init(replay: Set<String> = [], rescanned: Set<String> = [], recent: [String: Int64] = [:], remembersRecent: Bool) {
        self.replay = replay
        self.rescanned = rescanned
        self.recent = remembersRecent ? recent : [:]
        self.remembersRecent = remembersRecent
    }

    /// Whether the output already holds this entry because an earlier run wrote it; the ID is then forgotten, since
    /// it can only come again once.
    mutating func takeWrittenEarlier(_ id: String?) -> Bool {
        guard let id else { return false }
        if !replay.isEmpty, replay.remove(id) != nil { return true }
        return !rescanned.isEmpty && rescanned.remove(id) != nil
    }

    /// Whether a re-check has already seen this entry in the output.
    func isRecent(_ id: String?) -> Bool {
        guard let id else { return false }
        return recent[id] != nil
    }

    /// Notes an entry as written.
    mutating func written(id: String?, dateCreate: Int64?) {
        guard remembersRecent, let id, let dateCreate else { return }
        recent[id] = dateCreate
    }

    /// Forgets the recent entries older than `second`: they are out of the re-check span.
    mutating func forgetRecent(before second: Int64) {
        guard remembersRecent else { return }
        recent = recent.filter { $0.value >= second }
    }

    /// Whether the rescan's IDs are all used up (or there was no rescan).
    var rescanIsOver: Bool { rescanned.isEmpty }
}
