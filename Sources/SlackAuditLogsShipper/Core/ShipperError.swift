/// Why a shipper stopped: a stable ``code``, a message that says what to do, and the context.
///
/// A message never holds a secret (HEC token, API key, password): sinks build their errors from status codes and
/// the SIEM's error text, and the shipper scrubs the secrets it knows from anything a server echoed.
package struct ShipperError: Error, Sendable, CustomStringConvertible {
    /// A stable identifier of the kind of failure.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        package var description: String { name }

        /// The shipper's or a sink's settings cannot be used (URL, index pattern, batch limits, secret file).
        package static let invalidConfiguration = Code("invalidConfiguration")
        /// The sink refused the credentials or the target for good (401, 403, an index the token may not use).
        package static let sinkRefused = Code("sinkRefused")
        /// Reading the journal, the position or the dead-letter file failed, or they do not belong together.
        package static let fileSystem = Code("fileSystem")
        /// The position file exists but cannot be read or belongs to another journal or sink.
        package static let positionCorrupt = Code("positionCorrupt")
        /// Another shipper of the same sink holds this journal's position.
        package static let alreadyRunning = Code("alreadyRunning")
    }

    package internal(set) var code: Code
    package internal(set) var message: String
    /// The file involved, if any.
    package internal(set) var path: String?

    package init(code: Code, message: String, path: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
    }

    package var description: String { message }
}
