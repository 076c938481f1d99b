/// Heap storage for the large models (`Details`, `Entity`), so that an entry stays small to copy and to store in
/// arrays. Values are copied before a write when the box is shared, so models keep value semantics.
final class CopyOnWriteBox<Value: Hashable & Sendable>: @unchecked Sendable {
    // Mutated only through `update` on a uniquely referenced box, which is what makes sharing it safe.
    var value: Value

    init(_ value: Value) {
        self.value = value
    }
}
