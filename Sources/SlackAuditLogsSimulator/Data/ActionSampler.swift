/// Draws action indices with given weights in constant time (Walker's alias method).
struct ActionSampler: Sendable, Hashable {
    private let probabilities: [Double]
    private let aliases: [UInt16]

    /// A sampler for `weights` (one per action, positive; at most 65,536 of them).
    init(weights: [Double]) {
        let count = weights.count
        let total = weights.reduce(0, +)
        var scaled = weights.map { total > 0 ? $0 * Double(count) / total : 1 }
        var probabilities = [Double](repeating: 1, count: count)
        var aliases = (0..<count).map { UInt16(truncatingIfNeeded: $0) }
        var small = scaled.indices.filter { scaled[$0] < 1 }
        var large = scaled.indices.filter { scaled[$0] >= 1 }
        while let less = small.popLast(), let more = large.last {
            probabilities[less] = scaled[less]
            aliases[less] = UInt16(truncatingIfNeeded: more)
            scaled[more] -= 1 - scaled[less]
            if scaled[more] < 1 {
                large.removeLast()
                small.append(more)
            }
        }
        self.probabilities = probabilities
        self.aliases = aliases
    }

    /// One action index.
    func sample(using random: inout SimulationRandom) -> UInt16 {
        let index = random.below(probabilities.count)
        return random.unit() < probabilities[index] ? UInt16(truncatingIfNeeded: index) : aliases[index]
    }
}
