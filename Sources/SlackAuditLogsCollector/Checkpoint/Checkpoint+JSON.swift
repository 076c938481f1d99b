import SlackAuditLogs

extension Checkpoint {
    /// The checkpoint as JSON, keys sorted, so that files are stable and diffable.
    package var jsonBytes: [UInt8] {
        var object: JSONObject = [
            "format_version": .integer(Self.formatVersion),
            "filters": .object(JSONObject(uniqueKeysWithValues: filters.map { (JSONKey($0.key), .string($0.value)) })),
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

    /// Reads a checkpoint file's contents, version 2 or 1, checking every field's type, range and consistency, so
    /// that nothing after the loader ever works on an impossible value.
    ///
    /// - Throws: ``CollectorError/Code/checkpointCorrupt`` naming the field that is wrong.
    package init(json bytes: [UInt8], path: String) throws(CollectorError) {
        let reader = CheckpointReader(path: path)
        let value: JSONValue
        do {
            value = try JSONValue(parsing: bytes)
        } catch {
            throw reader.corrupt("it is not JSON (\(error))")
        }
        guard value.objectValue != nil else { throw reader.corrupt("it is not a JSON object") }
        let version = try reader.integer(value, "format_version", in: 1...Int64.max)
        guard version == 1 || version == Self.formatVersion else {
            throw reader.corrupt(
                "its format version is \(version); this collector reads versions 1 and \(Self.formatVersion). It was "
                    + "written by a newer slack-audit-logs: use that version, or start a new checkpoint and output"
            )
        }
        guard let filterObject = value["filters"]?.objectValue else { throw reader.corrupt("filters is missing") }
        var filters: [String: String] = [:]
        for (key, filter) in filterObject {
            guard let text = filter.stringValue else { throw reader.corrupt("the filter \(key) is not a string") }
            filters[key.string] = text
        }
        let start = try reader.integer(value, "start", in: Self.validTimes)
        let coveredUntil = try reader.integer(value, "covered_until", in: start...Self.validTimes.upperBound)
        guard let windowValues = value["open_windows"]?.arrayValue else {
            throw reader.corrupt("open_windows is missing or not a list")
        }
        var windows: [WindowProgress] = []
        for (index, windowValue) in windowValues.enumerated() {
            let window = try WindowProgress(
                jsonValue: windowValue,
                version: version,
                reader: reader.nested("open_windows[\(index)]")
            )
            guard window.queryOldest >= start, window.latest < coveredUntil else {
                throw reader.corrupt(
                    "open_windows[\(index)] (\(window.queryOldest)…\(window.latest)) is outside the covered range "
                        + "\(start)…\(coveredUntil - 1)"
                )
            }
            windows.append(window)
        }
        windows.sort { $0.oldest < $1.oldest }
        for (earlier, later) in zip(windows, windows.dropFirst()) where earlier.latest >= later.oldest {
            throw reader.corrupt("two open windows overlap (\(earlier.oldest)…\(earlier.latest) and \(later.oldest)…)")
        }
        self.init(filters: filters, start: start)
        self.coveredUntil = coveredUntil
        self.openWindows = windows
        self.outputOffset = try reader.optionalInteger(value, "output_offset", in: 0...Int64.max)
        self.recheckOffset = try reader.optionalInteger(value, "recheck_offset", in: 0...(outputOffset ?? Int64.max))
        self.rescanOffset = try reader.optionalInteger(value, "rescan_offset", in: 0...Int64.max)
        self.delivered = try reader.integer(value, "delivered", in: 0...Int64(Int32.max) * 1_000_000)
        self.updatedAt = try reader.integer(value, "updated_at", in: Self.validTimes)
        if let replay = value["replay_ids"] {
            guard let list = replay.arrayValue else { throw reader.corrupt("replay_ids is not a list") }
            for id in list {
                guard let text = id.stringValue else {
                    throw reader.corrupt("replay_ids holds a value that is not a string")
                }
                replayIDs.insert(text)
            }
        }
    }
}

extension WindowProgress {
    var jsonValue: JSONValue {
        var object: JSONObject = [
            "oldest": .integer(oldest),
            "latest": .integer(latest),
            "query_oldest": .integer(queryOldest),
            "boundary_ids": .array(position.boundaryIDs.sorted().map { .string($0) }),
        ]
        if let cursor = position.cursor { object["cursor"] = .string(cursor) }
        if let watermark = position.watermark { object["watermark"] = .integer(watermark) }
        if isRead { object["read"] = .bool(true) }
        if let spool { object["spool"] = ["bytes": .integer(spool.bytes), "emitted": .integer(spool.emitted)] }
        return .object(object)
    }

    /// Reads a window of a version 2 checkpoint, or of version 1 (no `query_oldest`, `read` or `spool`: a version 1
    /// window's query is its own range, and its oldest-first entries were never kept).
    init(jsonValue value: JSONValue, version: Int64, reader: CheckpointReader) throws(CollectorError) {
        guard value.objectValue != nil else { throw reader.corrupt("it is not an object") }
        let times = Checkpoint.validTimes
        let oldest = try reader.integer(value, "oldest", in: times)
        let latest = try reader.integer(value, "latest", in: oldest...times.upperBound)
        self.init(oldest: oldest, latest: latest)
        if version >= 2 {
            queryOldest = try reader.integer(value, "query_oldest", in: times.lowerBound...oldest)
        }
        switch value["cursor"] {
        case nil, .null?: position.cursor = nil
        case .string(let text)? where !text.isEmpty: position.cursor = text
        default: throw reader.corrupt("cursor is not a non-empty string")
        }
        position.watermark = try reader.optionalInteger(value, "watermark", in: queryOldest...latest)
        guard let boundary = value["boundary_ids"]?.arrayValue else {
            throw reader.corrupt("boundary_ids is missing or not a list")
        }
        for id in boundary {
            guard let text = id.stringValue else {
                throw reader.corrupt("boundary_ids holds a value that is not a string")
            }
            position.boundaryIDs.insert(text)
        }
        switch value["read"] {
        case nil, .null?, .bool(false)?: isRead = false
        case .bool(true)?: isRead = true
        default: throw reader.corrupt("read is not true or false")
        }
        if let spoolValue = value["spool"], !spoolValue.isNull {
            let spoolReader = reader.nested("spool")
            let bytes = try spoolReader.integer(spoolValue, "bytes", in: 0...Int64.max)
            let emitted = try spoolReader.integer(spoolValue, "emitted", in: 0...bytes)
            spool = SpoolProgress(bytes: bytes, emitted: emitted)
        }
    }
}

/// Reads checkpoint fields, refusing with ``CollectorError/Code/checkpointCorrupt`` and the field's name.
struct CheckpointReader {
    let path: String
    var prefix = ""

    func nested(_ name: String) -> CheckpointReader {
        CheckpointReader(path: path, prefix: prefix + name + ".")
    }

    func corrupt(_ reason: String) -> CollectorError {
        CollectorError(
            code: .checkpointCorrupt,
            message: "The checkpoint \(path) cannot be used: \(prefix.isEmpty ? "" : prefix.dropLast() + ": ")"
                + "\(reason). It is written atomically, so this means it was edited or damaged: restore it from a "
                + "backup, or set recovery to rescanOutput (the CLI's --rescan-output) to collect again writing only "
                + "the entries the output does not hold yet.",
            path: path
        )
    }

    func integer(_ object: JSONValue, _ key: String, in range: ClosedRange<Int64>) throws(CollectorError) -> Int64 {
        guard let value = try optionalInteger(object, key, in: range) else { throw corrupt("\(key) is missing") }
        return value
    }

    func optionalInteger(
        _ object: JSONValue,
        _ key: String,
        in range: ClosedRange<Int64>
    ) throws(CollectorError) -> Int64? {
        guard let value = object[key], !value.isNull else { return nil }
        guard case .integer(let integer) = value else { throw corrupt("\(key) is not an integer") }
        guard range.contains(integer) else {
            throw corrupt("\(key) is \(integer), outside \(range.lowerBound)…\(range.upperBound)")
        }
        return integer
    }
}
