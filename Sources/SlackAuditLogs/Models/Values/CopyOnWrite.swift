/// Heap storage with value semantics, for the large models (`Details`, `Entity`, `Profile`): an entry stays small
/// to copy and to store in arrays, and a write copies the storage first when another value shares it.
struct CopyOnWrite<Value: Hashable & Sendable>: Hashable, Sendable {
    private var box: Box

    init(_ value: Value) {
        box = Box(value)
    }

    /// The stored value.
    var value: Value { box.value }

    /// Changes the value, copying the storage first when it is shared.
    mutating func update(_ change: (inout Value) -> Void) {
        if !isKnownUniquelyReferenced(&box) { box = Box(box.value) }
        change(&box.value)
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.box === rhs.box || lhs.box.value == rhs.box.value
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(box.value)
    }

    private final class Box: @unchecked Sendable {
        // Mutated only through `update` on a uniquely referenced box, which is what makes sharing it safe.
        var value: Value

        init(_ value: Value) { self.value = value }
    }
}
