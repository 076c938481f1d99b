import SlackAuditLogs

/// What the collector has delivered, saved after every commit so that a restart resumes exactly there.
///
/// Every second from ``start`` up to ``coveredUntil`` (exclusive) belongs either to a finished window or to one of
/// the ``openWindows``, whose progress says which of their entries are already in the output.
public struct Checkpoint: Sendable, Hashable {
    /// The version of the file format written by this collector.
    public static let formatVersion: Int64 = 1

    /// The query's filters (everything but `oldest`, `latest` and `limit`): a checkpoint only resumes the same query.
    public var filters: [String: String]
    /// The first second collected, inclusive.
    public var start: Int64
    /// The first second not yet assigned to a window.
    public var coveredUntil: Int64
    /// Windows opened but not finished, with their progress.
    public var openWindows: [WindowProgress]
    /// The output file's size when the checkpoint was written; `nil` for outputs that cannot be measured (stdout).
    public var outputOffset: Int64?
    /// Where the output's entries of the re-check span begin, to rebuild the re-check's memory after a restart.
    public var recheckOffset: Int64?
    /// IDs an interrupted run wrote after its last checkpoint that have not come again yet: they stay skipped across
    /// further restarts, even once the output offset covers them.
    public var replayIDs: Set<String>
    /// While a recovery by rescan is under way: how much of the output holds entries to skip if they come again.
    public var rescanOffset: Int64?
    /// Entries delivered by every run so far.
    public var delivered: Int64
    /// When the checkpoint was written, in seconds since 1970.
    public var updatedAt: Int64

    /// A checkpoint for a collection that has not delivered anything yet.
    public init(filters: [String: String], start: Int64) {
        self.filters = filters
        self.start = start
        self.coveredUntil = start
        self.openWindows = []
        self.outputOffset = nil
        self.recheckOffset = nil
        self.replayIDs = []
        self.rescanOffset = nil
        self.delivered = 0
        self.updatedAt = 0
    }

    /// The first second that is not yet fully delivered.
    public var completeUntil: Int64 {
        openWindows.map(\.oldest).min() ?? coveredUntil
    }
}

extension Checkpoint {
    /// The checkpoint as JSON, keys sorted, so that files are stable and diffable.
    var jsonBytes: [UInt8] {
        var object: [String: JSONValue] = [
            "format_version": .integer(Self.formatVersion),
            "filters": .object(filters.mapValues { .string($0) }),
            "start": .integer(start),
            "covered_until": .integer(coveredUntil),
            "open_windows": .array(openWindows.map(\.jsonValue)),
            "delivered": .integer(delivered),
            "replay_ids": .array(replayIDs.sorted().map { .string($0) }),
            "updated_at": .integer(updatedAt),
        ]
        if let outputOffset { object["output_offset"] = .integer(outputOffset) }
        if let recheckOffset { object["recheck_offset"] = .integer(recheckOffset) }
        if let rescanOffset { object["rescan_offset"] = .integer(rescanOffset) }
        var bytes = JSONValue.object(object).jsonBytes(sortedKeys: true)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// Reads a checkpoint file's contents.
    ///
    /// - Throws: ``CollectorError/Code/checkpointCorrupt`` naming what is wrong.
    init(json bytes: [UInt8], path: String) throws(CollectorError) {
        func corrupt(_ reason: String) -> CollectorError {
            CollectorError(
                code: .checkpointCorrupt,
                message: "The checkpoint \(path) cannot be used: \(reason). It is written atomically, so this means it "
                    + "was edited or damaged: restore it from a backup, or set recovery to rescanOutput (the CLI's "
                    + "--rescan-output) to collect again writing only the entries the output does not hold yet.",
                path: path
            )
        }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw corrupt("it is not JSON (\(error))")
        }
        guard let version = value["format_version"]?.intValue else { throw corrupt("format_version is missing") }
        guard version == Self.formatVersion else {
            throw corrupt("its format version is \(version), this collector reads version \(Self.formatVersion)")
        }
        guard let filterObject = value["filters"]?.objectValue else { throw corrupt("filters is missing") }
        var filters: [String: String] = [:]
        for (key, filter) in filterObject {
            guard let text = filter.stringValue else { throw corrupt("the filter \(key) is not a string") }
            filters[key] = text
        }
        guard let start = value["start"]?.intValue, let coveredUntil = value["covered_until"]?.intValue,
            start <= coveredUntil
        else { throw corrupt("start and covered_until are missing or out of order") }
        guard let windowValues = value["open_windows"]?.arrayValue else { throw corrupt("open_windows is missing") }
        var windows: [WindowProgress] = []
        for windowValue in windowValues {
            guard let window = WindowProgress(jsonValue: windowValue), window.oldest >= start,
                window.latest < coveredUntil
            else { throw corrupt("an open window is incomplete or outside the covered range") }
            windows.append(window)
        }
        self.init(filters: filters, start: start)
        self.coveredUntil = coveredUntil
        self.openWindows = windows
        self.outputOffset = try Self.optionalInteger(value["output_offset"], corrupt("output_offset is not a number"))
        self.recheckOffset = try Self.optionalInteger(
            value["recheck_offset"],
            corrupt("recheck_offset is not a number")
        )
        self.rescanOffset = try Self.optionalInteger(value["rescan_offset"], corrupt("rescan_offset is not a number"))
        guard let delivered = value["delivered"]?.intValue, let updatedAt = value["updated_at"]?.intValue else {
            throw corrupt("delivered or updated_at is missing")
        }
        self.delivered = delivered
        self.updatedAt = updatedAt
        if let replay = value["replay_ids"] {
            guard let list = replay.arrayValue else { throw corrupt("replay_ids is not a list") }
            for id in list {
                guard let text = id.stringValue else { throw corrupt("replay_ids holds a value that is not a string") }
                replayIDs.insert(text)
            }
        }
        if let outputOffset, outputOffset < 0 { throw corrupt("output_offset is negative") }
    }

    private static func optionalInteger(
        _ value: JSONValue?,
        _ error: @autoclosure () -> CollectorError
    ) throws(CollectorError) -> Int64? {
        guard let value, !value.isNull else { return nil }
        guard let integer = value.intValue else { throw error() }
        return integer
    }
}

extension WindowProgress {
    var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "oldest": .integer(oldest),
            "latest": .integer(latest),
            "boundary_ids": .array(boundaryIDs.sorted().map { .string($0) }),
        ]
        if let cursor { object["cursor"] = .string(cursor) }
        if let watermark { object["watermark"] = .integer(watermark) }
        return .object(object)
    }

    init?(jsonValue value: JSONValue) {
        guard let oldest = value["oldest"]?.intValue, let latest = value["latest"]?.intValue, oldest <= latest,
            let boundary = value["boundary_ids"]?.arrayValue
        else { return nil }
        self.init(oldest: oldest, latest: latest)
        switch value["cursor"] {
        case nil, .null?: cursor = nil
        case .string(let text)?: cursor = text
        default: return nil
        }
        switch value["watermark"] {
        case nil, .null?: watermark = nil
        case .integer(let second)?: watermark = second
        default: return nil
        }
        var ids = Set<String>()
        for id in boundary {
            guard let text = id.stringValue else { return nil }
            ids.insert(text)
        }
        boundaryIDs = ids
    }
}
