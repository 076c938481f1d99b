/// The newest requests a server keeps, at most `limit` of them, so that a server that runs for days holds a bounded
/// log. Amortised O(1): the oldest half is dropped in one step when the storage reaches twice the limit.
package struct RequestLog<Element: Sendable>: Sendable {
    /// How many requests are kept; `0` keeps none.
    package let limit: Int
    private var storage: [Element] = []

    package init(limit: Int) {
        self.limit = max(limit, 0)
    }

    package mutating func append(_ element: Element) {
        guard limit > 0 else { return }
        storage.append(element)
        if storage.count >= 2 * limit {
            storage.removeFirst(storage.count - limit)
        }
    }

    /// The kept requests, oldest first.
    package var elements: [Element] { Array(storage.suffix(limit)) }

    package mutating func removeAll() { storage.removeAll() }
}
