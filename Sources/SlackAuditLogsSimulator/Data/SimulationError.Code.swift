extension SimulationError {
    /// The kind of a ``SimulationError``. A struct with constants rather than an enum, so that new codes can be added
    /// without breaking code that switches over them.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidCatalog
            case missingResource
            case invalidConfiguration
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The action catalog is empty, too large, malformed, or has an empty or repeated name.
        public static let invalidCatalog = Code(.invalidCatalog)
        /// A resource the simulator ships (such as `actions.json`) could not be found or read.
        public static let missingResource = Code(.missingResource)
        /// A configuration value is out of range.
        public static let invalidConfiguration = Code(.invalidConfiguration)

        /// The code's name, such as `invalidCatalog`.
        public var description: String { base.rawValue }
    }
}
