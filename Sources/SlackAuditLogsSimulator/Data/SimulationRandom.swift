/// A small, fast, seedable random number generator (SplitMix64), so that the simulator gives the same organization
/// and events for the same seed on every platform and every run.
struct SimulationRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    init(seed: UInt64) {
        state = seed
    }

    /// A generator for one member of a family of independent streams, such as the n-th event of a seed.
    init(seed: UInt64, stream: UInt64) {
        state = Self.mix(seed ^ Self.mix(stream &+ 0x632B_E59B_D9B4_E019))
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// A uniform integer in `0..<bound`, or 0 when `bound` is not positive.
    mutating func below(_ bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        return Int(truncatingIfNeeded: UInt64(bound).multipliedFullWidth(by: next()).high)
    }

    /// A uniform integer in `range`.
    mutating func integer(in range: ClosedRange<Int64>) -> Int64 {
        let width = UInt64(bitPattern: range.upperBound &- range.lowerBound)
        guard width < UInt64.max else { return Int64(bitPattern: next()) }
        let offset = (width &+ 1).multipliedFullWidth(by: next()).high
        return range.lowerBound &+ Int64(bitPattern: offset)
    }

    /// A uniform value in `[0, 1)`.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform value in `(0, 1]`, safe to take the logarithm of.
    mutating func positiveUnit() -> Double {
        Double((next() >> 11) &+ 1) * 0x1p-53
    }

    /// `true` with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    /// An index skewed toward the start of `0..<count`: a small set of busy users, channels and files gets a large
    /// share of the activity, as in a real organization.
    mutating func skewedIndex(below count: Int) -> Int {
        guard count > 1 else { return 0 }
        if chance(0.3) {
            return below(max(count / 10, 1))
        }
        return below(count)
    }

    /// One element of a non-empty array; `fallback` when it is empty.
    mutating func element<Element>(of elements: [Element], or fallback: Element) -> Element {
        elements.isEmpty ? fallback : elements[below(elements.count)]
    }

    /// The SplitMix64 finalizer: a bijective scramble of 64 bits.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
