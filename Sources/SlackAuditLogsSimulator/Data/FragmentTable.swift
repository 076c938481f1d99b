/// Pre-rendered JSON fragments (an entity object, a quoted ID, a location), stored end to end in one array, so that
/// rendering an event copies bytes instead of formatting strings.
struct FragmentTable: Sendable, Hashable {
    private var storage: [UInt8] = []
    private var ends: [Int] = []

    /// The number of fragments.
    var count: Int { ends.count }

    /// Adds a fragment written by `write`.
    mutating func add(_ write: (inout EventJSONWriter) -> Void) {
        var writer = EventJSONWriter()
        swap(&writer.bytes, &storage)
        write(&writer)
        swap(&writer.bytes, &storage)
        ends.append(storage.count)
    }

    /// A table of one quoted string per element.
    init<Elements: Sequence>(strings: Elements) where Elements.Element == String {
        for text in strings {
            add { $0.string(text) }
        }
    }

    /// An empty table.
    init() {}

    /// Appends fragment `index` to `buffer`, the index wrapped into range; nothing when the table is empty.
    func append(_ index: Int, to buffer: inout [UInt8]) {
        guard !ends.isEmpty else { return }
        let index = index >= 0 && index < ends.count ? index : abs(index % ends.count)
        let start = index == 0 ? 0 : ends[index - 1]
        buffer.append(contentsOf: storage[start..<ends[index]])
    }
}
