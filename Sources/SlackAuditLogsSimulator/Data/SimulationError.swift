/// An error from the simulator's data layer: an action catalog that cannot be used, or a configuration out of range.
///
/// Compare ``code`` to the constants of ``SimulationError/Code`` to tell the cases apart; ``message`` says what was
/// wrong in words a person can act on.
public struct SimulationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is.
    public internal(set) var code: Code
    /// What was wrong, and with which value.
    public internal(set) var message: String

    /// Creates an error; only this package makes them.
    package init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The code and the message, for logs.
    public var description: String { "\(code): \(message)" }

    static func invalidCatalog(_ message: String) -> SimulationError {
        SimulationError(code: .invalidCatalog, message: message)
    }

    static func missingResource(_ message: String) -> SimulationError {
        SimulationError(code: .missingResource, message: message)
    }

    static func invalidConfiguration(_ message: String) -> SimulationError {
        SimulationError(code: .invalidConfiguration, message: message)
    }
}
