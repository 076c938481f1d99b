import SlackAuditLogs
import SlackAuditLogsCollector

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How far one sink has taken the journal: saved only after the sink acknowledged (or dead-lettered) every entry
/// before ``offset``, so that a restart (or a SIGKILL) resumes exactly there.
package struct ShipperPosition: Sendable, Hashable {
    /// The version of the file format.
    static let formatVersion: Int64 = 1

    /// The sink this position belongs to (a position never resumes another sink).
    package var sink: String
    /// The journal byte offset up to which every line is delivered or dead-lettered.
    package var offset: Int64 = 0
    /// Entries delivered so far.
    package var delivered: Int64 = 0
    /// Entries dead-lettered so far.
    package var deadLettered: Int64 = 0
    /// The dead-letter file's size when this position was saved: a longer file holds lines of a batch that was not
    /// finished, which a restart sends again, so they are cut.
    package var deadLetterOffset: Int64 = 0

    package init(sink: String) {
        self.sink = sink
    }

    /// The position as the JSON written to the position file.
    var jsonBytes: [UInt8] {
        let value: JSONValue = [
            "format_version": .integer(Self.formatVersion),
            "sink": .string(sink),
            "offset": .integer(offset),
            "delivered": .integer(delivered),
            "dead_lettered": .integer(deadLettered),
            "dead_letter_offset": .integer(deadLetterOffset),
        ]
        return value.jsonBytes(sortedKeys: true) + [UInt8(ascii: "\n")]
    }

    /// Reads a position file's bytes, checking every field; `path` is for the error message.
    /// The position saved at `path` for `sink`, or nil when there is none; reads without the shipper's lock (a
    /// running shipper may save a newer one at any moment).
    package static func load(path: String, sink: String) throws(ShipperError) -> ShipperPosition? {
        guard POSIXFile.exists(path) else { return nil }
        do {
            let file = try POSIXFile.openRegular(path, flags: O_RDONLY, purpose: "the shipper position")
            defer { file.close() }
            let size = try file.size()
            guard size <= 1024 * 1024 else {
                throw ShipperError(
                    code: .positionCorrupt,
                    message: "The shipper position \(path) is \(size) bytes: it is not a position file.",
                    path: path
                )
            }
            let position = try ShipperPosition(json: try file.read(count: Int(size), at: 0), path: path)
            guard position.sink == sink else {
                throw ShipperError(
                    code: .positionCorrupt,
                    message: "The shipper position \(path) belongs to the sink \(position.sink), not "
                        + "\(sink). Give each sink its own position file.",
                    path: path
                )
            }
            return position
        } catch let error as ShipperError {
            throw error
        } catch {
            throw ShipperError(code: .fileSystem, message: "\(error)", path: path)
        }
    }

    init(json bytes: [UInt8], path: String) throws(ShipperError) {
        func corrupt(_ why: String) -> ShipperError {
            ShipperError(
                code: .positionCorrupt,
                message: "The shipper position \(path) cannot be used: \(why). Remove it only if the sink should "
                    + "receive the whole journal again.",
                path: path
            )
        }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw corrupt("it is not JSON (\(error))")
        }
        guard case .object(let object) = value else { throw corrupt("it is not a JSON object") }
        func integer(_ key: String) throws(ShipperError) -> Int64 {
            guard case .integer(let number)? = object[JSONKey(key)], number >= 0 else {
                throw corrupt("\(key) is missing or not a non-negative integer")
            }
            return number
        }
        guard try integer("format_version") == Self.formatVersion else {
            throw corrupt("format_version is not \(Self.formatVersion)")
        }
        guard case .string(let sink)? = object["sink"], !sink.isEmpty else { throw corrupt("sink is missing") }
        self.sink = sink
        self.offset = try integer("offset")
        self.delivered = try integer("delivered")
        self.deadLettered = try integer("dead_lettered")
        self.deadLetterOffset = try integer("dead_letter_offset")
    }
}
